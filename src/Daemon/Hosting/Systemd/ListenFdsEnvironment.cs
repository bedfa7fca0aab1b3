namespace UnixDatagram.Hosting.Systemd;

/// <summary>
/// What systemd's socket activation variables say, read as <c>sd_listen_fds_with_names(3)</c> reads them:
/// <c>LISTEN_PID</c> must be this process (else the descriptors are someone else's), <c>LISTEN_FDS</c> counts
/// descriptors starting at 3, <c>LISTEN_FDNAMES</c> names them, colon-separated, in the same order.
/// </summary>
internal sealed class ListenFdsEnvironment
{
    /// <summary>The variables systemd sets; all three are removed after reading, so child processes do not inherit them.</summary>
    public static readonly IReadOnlyList<string> VariableNames = ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"];

    /// <summary>The first passed descriptor (<c>SD_LISTEN_FDS_START</c>).</summary>
    public const int FirstFileDescriptor = 3;

    /// <summary>The name systemd's library reports for a descriptor without one.</summary>
    public const string UnknownName = "unknown";

    private ListenFdsEnvironment(IReadOnlyList<string> names, string? ignoredBecause, string? problem)
    {
        Names = names;
        IgnoredBecause = ignoredBecause;
        Problem = problem;
    }

    /// <summary>One name per passed descriptor, in order (so <c>Names.Count</c> is <c>LISTEN_FDS</c>); empty when none were passed to us.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Why variables that were present were ignored (<c>LISTEN_PID</c> names another process); null otherwise.</summary>
    public string? IgnoredBecause { get; }

    /// <summary>What was malformed (a bad <c>LISTEN_FDS</c>, a name count that does not match), for a warning; null when all was well.</summary>
    public string? Problem { get; }

    /// <summary>Reads the variables through <paramref name="environment"/> for the process <paramref name="processId"/>.</summary>
    public static ListenFdsEnvironment Read(Func<string, string?> environment, int processId)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var pidText = environment("LISTEN_PID");
        var fdsText = environment("LISTEN_FDS");
        if (string.IsNullOrEmpty(pidText))
        {
            return new ListenFdsEnvironment([], string.IsNullOrEmpty(fdsText) ? null : "LISTEN_FDS is set but LISTEN_PID is not", null);
        }

        if (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return new ListenFdsEnvironment([], null, $"LISTEN_PID='{pidText}' is not a process id; no sockets were adopted");
        }

        if (pid != processId)
        {
            return new ListenFdsEnvironment([], $"LISTEN_PID={pid} is another process (this is {processId})", null);
        }

        if (string.IsNullOrEmpty(fdsText))
        {
            return new ListenFdsEnvironment([], null, null);
        }

        // More descriptors than a process could hold is garbage, not a request to inspect a million numbers.
        if (!int.TryParse(fdsText, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > 65536)
        {
            return new ListenFdsEnvironment([], null, $"LISTEN_FDS='{fdsText}' is not a descriptor count; no sockets were adopted");
        }

        var namesText = environment("LISTEN_FDNAMES");
        var given = namesText is null ? Array.Empty<string>() : namesText.Split(':');
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = i < given.Length && given[i].Length > 0 ? given[i] : UnknownName;
        }

        string? problem = null;
        if (namesText is not null && given.Length != count)
        {
            problem = $"LISTEN_FDNAMES='{namesText}' has {given.Length} name(s) for LISTEN_FDS={count} descriptor(s); names were matched in order and the rest are '{UnknownName}'";
        }

        return new ListenFdsEnvironment(names, null, problem);
    }
}
