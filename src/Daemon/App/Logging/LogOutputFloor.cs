using Serilog.Configuration;

namespace UnixDatagram.Daemon;

/// <summary>
/// The lowest level any of the daemon's log outputs writes, as the <c>Serilog</c> section configured them at start
/// (a reload does not change the sinks): a log event below it passes the minimum level and reaches no output at all.
/// Read from each <c>WriteTo</c> and <c>AuditTo</c> entry's <c>Args:restrictedToMinimumLevel</c> when it is a level
/// name; an entry without one, with a level switch (<c>$name</c>) or with anything else this cannot read writes every
/// level, so that no loss is claimed that might not happen. A wrapper (<c>Async</c>, any sink that takes sinks of its
/// own) writes the lowest of what it wraps, raised by its own restriction; a sub-logger (<c>Logger</c>) is not looked
/// into (its own minimum level and filters are not read): it writes every level its own restriction lets through.
/// The outputs <see cref="DaemonLogging"/> adds count too: <c>StandardError</c> when no sink is configured (every
/// level), the <c>Fatal</c>-only copy to stderr when no sink writes there, and the OpenTelemetry log export (every level).
/// </summary>
/// <param name="Lowest">The lowest level any output writes.</param>
/// <param name="Restrictions">Every <c>restrictedToMinimumLevel</c> read (not inside a sub-logger), by its key.</param>
/// <param name="FatalOnlyStandardError">Whether the <c>Fatal</c>-only copy to stderr is added.</param>
internal sealed record LogOutputFloor(LogEventLevel Lowest, IReadOnlyList<LogOutputFloor.Restriction> Restrictions, bool FatalOnlyStandardError)
{
    private const string RestrictionArgument = "restrictedToMinimumLevel";

    /// <summary>A sink's restriction: the key of its <c>restrictedToMinimumLevel</c> and the level it names.</summary>
    internal sealed record Restriction(string Key, LogEventLevel Level);

    /// <summary>
    /// The outputs of <paramref name="configuration"/> as <see cref="DaemonLogging.Configure"/> made them; read after
    /// Serilog.Settings.Configuration has read the section, so that every assembly it found sinks in is loaded.
    /// </summary>
    public static LogOutputFloor Of(IConfiguration configuration, OpenTelemetryExportOptions? telemetry)
    {
        var restrictions = new List<Restriction>();
        var sinks = SerilogSinkArguments.SinkSections
            .SelectMany(s => configuration.GetSection("Serilog:" + s.Section).GetChildren().Select(entry => LowestOf(entry, s.Receiver, restrictions)))
            .ToList();

        // As DaemonLogging adds them: StandardError when no sink is configured, else a Fatal-only copy to stderr
        // when none writes there (never below the sinks' lowest); the OpenTelemetry export takes every event.
        var fatalOnly = sinks.Count > 0 && !DaemonLogging.WritesToStandardError(configuration);
        var lowest = sinks.Count == 0 || telemetry is { Logs: true } ? LogEventLevel.Verbose : sinks.Min();
        return new LogOutputFloor(lowest, restrictions, fatalOnly);
    }

    /// <summary>The lowest level <paramref name="entry"/> writes; its restrictions (and those of what it wraps) added to <paramref name="restrictions"/>.</summary>
    private static LogEventLevel LowestOf(IConfigurationSection entry, Type receiver, List<Restriction> restrictions)
    {
        var own = LogEventLevel.Verbose;
        var arguments = entry.GetSection("Args").GetChildren().ToList();
        if (arguments.FirstOrDefault(a => string.Equals(a.Key, RestrictionArgument, StringComparison.OrdinalIgnoreCase)) is { Value: { } value } restriction
            && SerilogLevels.IsLevelName(value))
        {
            own = Enum.Parse<LogEventLevel>(value.Trim(), ignoreCase: true);
            restrictions.Add(new Restriction(restriction.Path, own));
        }

        var parameters = SerilogSinkForms.Of(entry.Value ?? entry["Name"], receiver).SelectMany(f => f.Parameters).ToList();
        var wrapped = new List<LogEventLevel>();
        foreach (var argument in arguments)
        {
            var type = parameters.FirstOrDefault(p => SerilogSinkArguments.Matches(p, argument.Key))?.ParameterType;
            var inner = type == typeof(Action<LoggerSinkConfiguration>) ? typeof(LoggerSinkConfiguration)
                : type == typeof(Action<LoggerAuditSinkConfiguration>) ? typeof(LoggerAuditSinkConfiguration)
                : null;
            if (inner is not null)
            {
                wrapped.AddRange(argument.GetChildren().Select(e => LowestOf(e, inner, restrictions)));
            }
        }

        // A wrapper with nothing this could read in it counts as writing every level, as an unreadable entry does.
        var lowestWrapped = wrapped.Count > 0 ? wrapped.Min() : LogEventLevel.Verbose;
        return own > lowestWrapped ? own : lowestWrapped;
    }
}
