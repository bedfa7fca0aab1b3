namespace UnixDatagram.Handlers.Internal;

/// <summary>Checks <see cref="SyslogHandlerOptions"/>; each failure names the configuration key and the value.</summary>
internal sealed class SyslogHandlerOptionsValidator : HandlerOptionsValidator<SyslogHandlerOptions>
{
    public static SyslogHandlerOptionsValidator Instance { get; } = new();

    protected override void Check(string name, SyslogHandlerOptions options, List<string> failures) =>
        SyslogMessageSize.Check(HandlerOptionsKeys.Key(name, nameof(options.MaxMessageSize)), options.MaxMessageSize, failures);
}
