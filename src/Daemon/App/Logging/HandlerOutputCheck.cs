using Microsoft.Extensions.Options;
using UnixDatagram.Handlers;
using ILogger = Microsoft.Extensions.Logging.ILogger;

namespace UnixDatagram.Daemon;

/// <summary>
/// Says when a handler an endpoint uses logs its datagrams at a level that passes the minimum level but that no log
/// output writes (<see cref="LogOutputFloor"/>: every sink restricted above it): each datagram would be handled, and
/// counted as handled, and written nowhere. The handlers cannot see Serilog's sinks; this can. A <c>log</c> handler
/// whose <c>Level</c> is below the lowest level written is named with its key (event 1321); a <c>syslog</c> handler,
/// whose levels come from each message's severity, with the severities that pass its category's minimum level and are
/// written nowhere (event 1322). Checked when the host has started and whenever a reload is applied (the handlers'
/// options are handed out then, <see cref="IOptionsMonitor{TOptions}.OnChange"/>); a handler below the minimum level
/// is the handler's own warning (2004), and its datagrams are counted as filtered.
/// </summary>
/// <remarks>
/// A warning, not a refusal: a level above a handler's is how a log is quieted (the minimum level does the same and is
/// warned about, 2004), and the restricted outputs still write the daemon's warnings and errors; an output that writes
/// nothing at all (an empty <c>outputTemplate</c>) is refused instead.
/// </remarks>
internal sealed class HandlerOutputCheck(IServiceProvider services, IConfiguration configuration, OpenTelemetryExportOptions? telemetry) : IHostedService, IDisposable
{
    private static readonly (LogLevel Level, string Severities)[] SyslogSeverities =
        [(LogLevel.Debug, "debug"), (LogLevel.Information, "info, notice"), (LogLevel.Warning, "warning"), (LogLevel.Error, "err"), (LogLevel.Critical, "crit, alert, emerg")];

    private static readonly string SyslogCategory = typeof(SyslogHandler).FullName!;

    private LogOutputFloor? _floor;
    private ILoggerFactory? _loggers;
    private ILogger? _logger;
    private IDisposable? _reloads;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The logger factory first: building it reads the Serilog section, which loads the assemblies the floor looks in.
        _loggers = services.GetRequiredService<ILoggerFactory>();
        _logger = _loggers.CreateLogger<HandlerOutputCheck>();
        _floor = LogOutputFloor.Of(configuration, telemetry);
        var options = services.GetRequiredService<IOptionsMonitor<LogHandlerOptions>>();
        foreach (var name in HandlersInUse())
        {
            Check(name, options.Get(name));
        }

        // Every handler name's options follow applied reloads (not rejected ones), each name once per reload.
        _reloads = options.OnChange((changed, name) =>
        {
            if (name is not null && HandlersInUse().Contains(name, StringComparer.Ordinal))
            {
                Check(name, changed);
            }
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops following reloads.</summary>
    public void Dispose() => _reloads?.Dispose();

    private void Check(string name, LogHandlerOptions options)
    {
        var floor = _floor!;
        var level = EventLevel(floor);
        if (!_logger!.IsEnabled(level))
        {
            return;
        }

        var handler = services.GetKeyedService<IDatagramHandler>(name);
        if (handler is LogHandler)
        {
            var category = _loggers!.CreateLogger<LogHandler>();
            var value = options.Level;
            if (value is < LogLevel.Trace or >= LogLevel.None || !category.IsEnabled(value) || ToSerilog(value) >= floor.Lowest)
            {
                // Not logged at all: the handler's own warning (2004) says so, and counts each datagram as filtered.
                return;
            }

            var key = $"{DatagramDaemonOptions.SectionName}:Handlers:{name}:{nameof(LogHandlerOptions.Level)}";
            var restrictions = Describe(floor, ToSerilog(value));
            var suggested = ToLogLevel(floor.Lowest);
            HandlerOutputCheckLog.LogHandlerLevelNotWritten(_logger, level, name, key, value, floor.Lowest, restrictions, suggested);
        }
        else if (handler is SyslogHandler)
        {
            var category = _loggers!.CreateLogger<SyslogHandler>();
            var lost = SyslogSeverities.Where(s => category.IsEnabled(s.Level) && ToSerilog(s.Level) < floor.Lowest).ToList();
            if (lost.Count > 0)
            {
                var severities = string.Join(", ", lost.Select(s => s.Severities));
                var restrictions = Describe(floor, ToSerilog(lost[0].Level));
                HandlerOutputCheckLog.LogSyslogSeveritiesNotWritten(_logger, level, name, severities, SyslogCategory, floor.Lowest, restrictions);
            }
        }
    }

    /// <summary>The names of the handlers the endpoints now in force list, each once.</summary>
    private List<string> HandlersInUse()
    {
        // As configured now (a reload is applied before the options are handed out), before validation: the
        // validators log, and they ran already for this configuration.
        var daemon = new OptionsFactory<DatagramDaemonOptions>(
            services.GetServices<IConfigureOptions<DatagramDaemonOptions>>(),
            services.GetServices<IPostConfigureOptions<DatagramDaemonOptions>>()).Create(Microsoft.Extensions.Options.Options.DefaultName);
        return [.. daemon.Endpoints.SelectMany(e => e.Handlers).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The restrictions that stop <paramref name="level"/>, by key, and the Fatal-only copy to stderr.</summary>
    private static string Describe(LogOutputFloor floor, LogEventLevel level)
    {
        var parts = floor.Restrictions.Where(r => r.Level > level).Select(r => $"{r.Key} is {r.Level}").ToList();
        if (floor.FatalOnlyStandardError)
        {
            parts.Add("the copy to stderr that dgramd adds when no sink writes there takes only Fatal");
        }

        return string.Join("; ", parts);
    }

    /// <summary>Warning, or the lowest level written when that is above it: a warning no output writes would be lost too.</summary>
    private static LogLevel EventLevel(LogOutputFloor floor) => floor.Lowest > LogEventLevel.Warning ? ToLogLevel(floor.Lowest) : LogLevel.Warning;

    // Serilog.Extensions.Logging maps the six levels one to one, in the same order: Trace is Verbose, Critical is Fatal.
    private static LogEventLevel ToSerilog(LogLevel level) => (LogEventLevel)(int)level;

    private static LogLevel ToLogLevel(LogEventLevel level) => (LogLevel)(int)level;
}
