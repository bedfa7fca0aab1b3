using Serilog.Core;

namespace UnixDatagram.Daemon;

/// <summary>
/// Drops the generic host's own "Hosting failed to start" event (with its stack trace) when the cause is a refusal
/// that <see cref="DaemonHostExtensions.RunDaemonAsync"/> reports as one line naming the key and value: the
/// operator reads the reason, not a trace of the host's internals. Any other start failure keeps its trace.
/// </summary>
internal sealed class StartRefusalFilter : ILogEventFilter
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";
    private const int HostedServiceStartupFaulted = 11;

    public bool IsEnabled(LogEvent logEvent) =>
        !(logEvent.Exception is { } exception
          && DaemonHostExtensions.IsStartRefusal(exception)
          && logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: HostCategory }
          && logEvent.Properties.TryGetValue("EventId", out var id) && id is StructureValue eventId
          && eventId.Properties.Any(p => p.Name == "Id" && p.Value is ScalarValue { Value: HostedServiceStartupFaulted }));
}
