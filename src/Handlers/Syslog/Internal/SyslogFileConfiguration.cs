namespace UnixDatagram.Handlers.Internal;

/// <summary>
/// <see cref="SyslogFileHandlerOptions"/> checked and compiled: each output's absolute path, selector and template.
/// Every problem is reported with its configuration key and value.
/// </summary>
internal sealed class SyslogFileConfiguration
{
    private SyslogFileConfiguration(SyslogFileOutput[] outputs, UnixFileMode mode, int maxMessageSize, int queueCapacity, int bufferSize, bool ignoreTimestamp, bool parseHostname)
    {
        Outputs = outputs;
        IgnoreTimestamp = ignoreTimestamp;
        ParseHostname = parseHostname;
        MaxMessageSize = maxMessageSize;
        FileMode = mode;
        QueueCapacity = queueCapacity;
        BufferSize = bufferSize;
    }

    public SyslogFileOutput[] Outputs { get; }

    public UnixFileMode FileMode { get; }

    public int MaxMessageSize { get; }

    public int QueueCapacity { get; }

    public int BufferSize { get; }

    /// <summary><see cref="SyslogFileHandlerOptions.IgnoreTimestamp"/>.</summary>
    public bool IgnoreTimestamp { get; }

    /// <summary><see cref="SyslogFileHandlerOptions.ParseHostname"/>.</summary>
    public bool ParseHostname { get; }

    /// <summary>Checks and compiles; <paramref name="failures"/> lists each problem, key first.</summary>
    /// <param name="name">The handler's registered name, for the keys.</param>
    /// <param name="options">The options.</param>
    /// <param name="environment">Reads <c>LOGS_DIRECTORY</c>.</param>
    /// <param name="configuration">The compiled configuration, when there were no failures.</param>
    /// <param name="failures">The problems.</param>
    public static bool TryCompile(string name, SyslogFileHandlerOptions options, Func<string, string?> environment, [NotNullWhen(true)] out SyslogFileConfiguration? configuration, out List<string> failures)
    {
        failures = [];
        configuration = null;
        string Key(string property) => HandlerOptionsKeys.Key(name, property);

        var directory = options.Directory is { Length: > 0 } configured
            ? configured
            : environment("LOGS_DIRECTORY")?.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (options.Directory is { Length: > 0 } && !Path.IsPathRooted(options.Directory))
        {
            failures.Add($"{Key("Directory")}: '{options.Directory}' is not an absolute path.");
        }

        if (!SyslogTemplate.TryParse(options.Template, out var defaultTemplate, out var templateError))
        {
            failures.Add($"{Key("Template")}: '{options.Template}': {templateError}.");
        }

        var mode = ParseMode(options.FileMode);
        if (mode is null)
        {
            failures.Add($"{Key("FileMode")}: '{options.FileMode}' is not an octal file mode such as 0640.");
        }
        else if (CheckMode(mode.Value) is { } modeError)
        {
            failures.Add($"{Key("FileMode")}: '{options.FileMode}' {modeError}; use 0640 or 0600.");
        }

        SyslogMessageSize.Check(Key(nameof(options.MaxMessageSize)), options.MaxMessageSize, failures);
        if (options.QueueCapacity < 1)
        {
            failures.Add($"{Key("QueueCapacity")}: {options.QueueCapacity} is less than 1.");
        }

        if (options.BufferSize < 1)
        {
            failures.Add($"{Key("BufferSize")}: {options.BufferSize} is less than 1.");
        }

        if (options.Outputs.Count == 0)
        {
            failures.Add($"{Key("Outputs")}: no output is configured; give at least one {{ \"File\": \"syslog\", \"Selector\": \"*.*\" }}.");
        }

        var outputs = new List<SyslogFileOutput>();
        for (var i = 0; i < options.Outputs.Count; i++)
        {
            var output = options.Outputs[i];
            var key = Key(string.Create(CultureInfo.InvariantCulture, $"Outputs:{i}"));
            string? path = null;
            if (string.IsNullOrWhiteSpace(output.File))
            {
                failures.Add($"{key}:File: is missing; give a file name (relative to Directory or $LOGS_DIRECTORY) or an absolute path.");
            }
            else if (Path.IsPathRooted(output.File))
            {
                path = Path.GetFullPath(output.File);
            }
            else if (directory is null)
            {
                failures.Add($"{key}:File: '{output.File}' is relative, but neither {Key("Directory")} nor $LOGS_DIRECTORY (systemd's LogsDirectory=) is set; give an absolute path or a Directory.");
            }
            else
            {
                path = Path.GetFullPath(Path.Join(directory, output.File));
            }

            if (!SyslogSelector.TryParse(output.Selector, out var selector, out var selectorError))
            {
                failures.Add($"{key}:Selector: '{output.Selector}': {selectorError}.");
            }

            var template = defaultTemplate;
            if (output.Template is not null && !SyslogTemplate.TryParse(output.Template, out template, out var outputTemplateError))
            {
                failures.Add($"{key}:Template: '{output.Template}': {outputTemplateError}.");
            }

            if (path is not null && selector is not null && template is not null)
            {
                outputs.Add(new SyslogFileOutput(path, selector, template, key + ":File"));
            }
        }

        if (failures.Count == 0)
        {
            var directoryKey = options.Directory is { Length: > 0 } ? Key("Directory") : "$LOGS_DIRECTORY";
            CheckFiles(directoryKey, directory, outputs, failures);
        }

        if (failures.Count > 0)
        {
            return false;
        }

        configuration = new SyslogFileConfiguration([.. outputs], mode!.Value, options.MaxMessageSize, options.QueueCapacity, options.BufferSize, options.IgnoreTimestamp, options.ParseHostname);
        return true;
    }

    /// <summary>
    /// Checks on disk what <see cref="UnixAppendFile.Open"/> will check at each open: the log directory is safe (as a
    /// socket directory: owned by root or this process's user, not writable by group or others) and each file that
    /// exists is a regular file, not a symbolic link. A directory at fault is reported once, under the key that set it.
    /// </summary>
    private static void CheckFiles(string directoryKey, string? directory, List<SyslogFileOutput> outputs, List<string> failures)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        if (directory is not null && outputs.Any(o => IsIn(o.Path, directory)))
        {
            try
            {
                UnixAppendFile.CheckDirectory(directory);
            }
            catch (UnixDirectoryException ex)
            {
                failures.Add($"{directoryKey}: '{directory}': {ex.Message}");
                reported.Add(ex.Message);
            }
        }

        foreach (var output in outputs)
        {
            try
            {
                UnixAppendFile.Check(output.Path);
            }
            catch (IOException ex) when (ex is UnixDirectoryException or UnixFileException)
            {
                if (reported.Add(ex.Message))
                {
                    failures.Add($"{output.Key}: '{output.Path}': {ex.Message}");
                }
            }
        }
    }

    private static bool IsIn(string path, string directory) =>
        string.Equals(Path.GetDirectoryName(path), Path.GetFullPath(directory).TrimEnd('/'), StringComparison.Ordinal);

    /// <summary>
    /// What is wrong with a log file's mode, or null: whoever may write a log file can forge or erase its lines (the
    /// rule the log directory gets), a log file is never a program, and setuid, setgid or sticky bits mean nothing on it.
    /// </summary>
    private static string? CheckMode(UnixFileMode mode)
    {
        const UnixFileMode special = UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit;
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        const UnixFileMode othersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        if ((mode & othersWrite) != 0)
        {
            return "lets group or others write the log files, so they could forge or erase their lines";
        }

        if ((mode & execute) != 0)
        {
            return "makes the log files executable";
        }

        if ((mode & UnixFileMode.UserWrite) == 0)
        {
            return "does not let the daemon's own user write the log files it reopens at reload";
        }

        return (mode & special) != 0 ? "sets setuid, setgid or sticky bits, which mean nothing on a log file" : null;
    }

    /// <summary>The mode, or null when it is missing or not an octal mode (the caller reports it).</summary>
    private static UnixFileMode? ParseMode(string? text)
    {
        try
        {
            return OctalFileMode.Parse(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
