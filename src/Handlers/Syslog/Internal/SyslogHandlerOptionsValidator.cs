namespace UnixDatagram.Handlers.Internal;

/// <summary>Checks <see cref="SyslogHandlerOptions"/>; each failure names the configuration key and the value.</summary>
internal sealed class SyslogHandlerOptionsValidator : HandlerOptionsValidator<SyslogHandlerOptions>
{
    /// <summary>The smallest MSG every receiver takes (RFC 5424 §6.1).</summary>
    public const int MinMaxMessageSize = 480;

    public static SyslogHandlerOptionsValidator Instance { get; } = new();

    protected override void Check(string name, SyslogHandlerOptions options, List<string> failures)
    {
        if (options.MaxMessageSize < MinMaxMessageSize)
        {
            failures.Add($"{HandlerOptionsKeys.Key(name, nameof(options.MaxMessageSize))}: {options.MaxMessageSize} is below {MinMaxMessageSize}, the message size every syslog receiver takes (RFC 5424 §6.1); use {MinMaxMessageSize} or more (default {SyslogHandlerOptions.DefaultMaxMessageSize}).");
        }
    }
}
