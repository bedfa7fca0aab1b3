namespace UnixDatagram.Handlers.Internal;

/// <summary>Checks <see cref="SyslogHandlerOptions"/>; each failure names the configuration key and the value.</summary>
internal sealed class SyslogHandlerOptionsValidator : HandlerOptionsValidator<SyslogHandlerOptions>
{
    public static SyslogHandlerOptionsValidator Instance { get; } = new();

    protected override void Check(string name, SyslogHandlerOptions options, List<string> failures)
    {
        var key = HandlerOptionsKeys.Key(name, nameof(options.MaxMessageSize));
        SyslogMessageSize.Check(key, options.MaxMessageSize, failures);
        LogLineBound.Check(key, options.MaxMessageSize, failures);
    }
}
