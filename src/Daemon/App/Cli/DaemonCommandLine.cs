using Microsoft.Extensions.Options;

namespace UnixDatagram.Daemon;

/// <summary>
/// The command line: <c>run</c> (the default), <c>send</c>, <c>listen</c>, <c>health</c>, <c>stats</c>, <c>reload</c>, <c>help</c>.
/// Every usage error is one line on stderr and exit code <see cref="UsageExitCode"/>, and starts nothing.
/// </summary>
internal static class DaemonCommandLine
{
    /// <summary>
    /// <c>EX_USAGE</c> from sysexits.h (systemd.exec(5) lists it too): distinct from every code a command returns
    /// for its own outcome (<c>health</c> uses 0 to 3).
    /// </summary>
    public const int UsageExitCode = 64;

    /// <summary>
    /// <c>EX_CONFIG</c> from sysexits.h: a configuration file that cannot be read or is not JSON, or a setting that is
    /// refused, for every command (<c>run</c>'s refused start included: <see cref="DaemonHostExtensions.ConfigurationErrorExitCode"/>).
    /// </summary>
    public const int ConfigurationErrorExitCode = DaemonHostExtensions.ConfigurationErrorExitCode;

    private const string Name = DaemonHostFactory.ApplicationName;

    /// <summary>Arguments starting with <c>@</c> are socket names (<c>@name</c>, the abstract namespace), never response files.</summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    public static async Task<int> InvokeAsync(string[] args)
    {
        var root = Create();
        var result = root.Parse(Normalize(args), Parsing);
        if (result.Errors.Count > 0)
        {
            // One line, not System.CommandLine's error list followed by the whole help text.
            // An unknown word also makes "Required command was not provided": the word is the more useful news.
            var command = string.Join(' ', result.CommandResult.Command == root ? [Name] : [Name, result.CommandResult.Command.Name]);
            var error = result.UnmatchedTokens.Count > 0 && result.CommandResult.Command == root
                ? $"'{result.UnmatchedTokens[0]}' is not a command"
                : Plain(result.Errors[0].Message);
            await Console.Error.WriteLineAsync($"{command}: {error} (see '{command} --help')").ConfigureAwait(false);
            return UsageExitCode;
        }

        try
        {
            // The hosts handle SIGTERM and SIGINT themselves (graceful stop, STOPPING=1): the parser must not race them.
            return await result.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConfigurationError(ex))
        {
            // Refused before a host exists (a file that is not JSON, a section read while building the host): one line.
            if (result.CommandResult.Command.Name == "run")
            {
                Serilog.Log.Fatal("Cannot start: {Reason}", ex.Message);
            }
            else
            {
                await Console.Error.WriteLineAsync($"{Name} {result.CommandResult.Command.Name}: {ex.Message}").ConfigureAwait(false);
            }

            return ConfigurationErrorExitCode;
        }
    }

    /// <summary>A configuration file that cannot be read or parsed, or a setting that is refused.</summary>
    private static bool IsConfigurationError(Exception exception) => exception is ConfigurationFileException or OptionsValidationException;

    /// <summary>"Cannot parse argument 'abc' for option '--count' as expected type 'System.Nullable`1[...]'" without the CLR type.</summary>
    private static string Plain(string message) => System.Text.RegularExpressions.Regex.Replace(
        message, "^Cannot parse argument '(.*)' for option '(.*)' as expected type '.*'\\.$", "'$1' is not a valid value for $2.");

    /// <summary>
    /// No arguments, or configuration overrides only (<c>--Daemon:SocketDirectory=/x</c>), mean <c>run</c>; a bare word
    /// that is not a command is an error, never a daemon started by accident.
    /// </summary>
    private static string[] Normalize(string[] args) =>
        args.Length == 0 || (args[0].StartsWith("--", StringComparison.Ordinal) && args[0] is not ("--help" or "--version"))
            ? ["run", .. args]
            : args;

    private static RootCommand Create()
    {
        var root = new RootCommand("A daemon for UNIX datagram sockets. Without a command it runs the daemon ('run').")
        {
            RunCommand(),
            SendCommand.Create(),
            ListenCommand.Create(),
            ControlCommand.Create("health", "Ask the running daemon for its health (JSON). Exit code 0 Healthy, 1 Degraded, 2 Unhealthy, 3 no answer.", TimeSpan.FromSeconds(5)),
            ControlCommand.Create("stats", "Ask the running daemon for its counters (JSON).", TimeSpan.FromSeconds(5)),
            ControlCommand.Create("reload", "Make the running daemon reload its configuration (as SIGHUP does) and wait for the outcome (JSON). Exit code 0 applied, 1 rejected (the reason on stderr; the previous configuration stays), 3 no answer.", TimeSpan.FromSeconds(60)),
        };
        var help = new Command("help", "Show this help.");
        help.SetAction(_ => root.Parse(["--help"], Parsing).Invoke());
        root.Subcommands.Add(help);
        return root;
    }

    private static Command RunCommand()
    {
        var run = new Command("run", "Run the daemon (the default). Configuration can be overridden as --Daemon:SocketDirectory=/path; see README.md.")
        {
            // Configuration overrides (--Key=value, --Key value) go to the host's command-line configuration.
            TreatUnmatchedTokensAsErrors = false,
        };
        run.SetAction(async (result, _) =>
        {
            if (FirstNonOverride(result.UnmatchedTokens) is { } stray)
            {
                await Console.Error.WriteLineAsync($"{Name} run: unexpected argument '{stray}': configuration overrides are --Section:Key=value or --Section:Key value (see '{Name} run --help')").ConfigureAwait(false);
                return UsageExitCode;
            }

            using (var host = DaemonHostFactory.CreateBuilder([.. result.UnmatchedTokens]).Build())
            {
                return await host.RunDaemonAsync(CancellationToken.None).ConfigureAwait(false);
            }
        });
        return run;
    }

    /// <summary>
    /// The first token that is not a configuration override: <c>--Section:Key=value</c> or <c>--Section:Key value</c>
    /// (a key with a section, so that a mistyped option such as <c>--cuont</c> is an error, not a daemon started),
    /// or one of the host's own keys (<c>--environment</c>, <c>--contentRoot</c>, <c>--applicationName</c>).
    /// </summary>
    private static string? FirstNonOverride(IReadOnlyList<string> tokens)
    {
        string[] hostKeys = ["environment", "contentRoot", "applicationName"];
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var key = token.StartsWith("--", StringComparison.Ordinal) ? token[2..(equals < 0 ? token.Length : equals)] : "";
            var valid = key.Contains(':', StringComparison.Ordinal) || hostKeys.Contains(key, StringComparer.OrdinalIgnoreCase);
            if (!valid || (equals < 0 && i + 1 == tokens.Count))
            {
                return token;
            }

            if (equals < 0)
            {
                i++; // --Section:Key value
            }
        }

        return null;
    }
}
