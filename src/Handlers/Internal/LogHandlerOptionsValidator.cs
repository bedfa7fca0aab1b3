namespace UnixDatagram.Handlers.Internal;

/// <summary>Checks <see cref="LogHandlerOptions"/>; each failure names the configuration key and the value.</summary>
internal sealed class LogHandlerOptionsValidator : HandlerOptionsValidator<LogHandlerOptions>
{
    public static LogHandlerOptionsValidator Instance { get; } = new();

    protected override void Check(string name, LogHandlerOptions options, List<string> failures)
    {
        if (!Enum.IsDefined(options.Format))
        {
            failures.Add($"{HandlerOptionsKeys.Key(name, nameof(options.Format))}: '{options.Format}' is not a payload format; use Text or Hex.");
        }

        if (options.Level is < LogLevel.Trace or >= LogLevel.None)
        {
            failures.Add($"{HandlerOptionsKeys.Key(name, nameof(options.Level))}: '{options.Level}' is not a level to log at; use Trace, Debug, Information, Warning, Error or Critical (to log nothing, take the handler off the endpoint).");
        }

        if (options.MaxBytes < 0)
        {
            failures.Add($"{HandlerOptionsKeys.Key(name, nameof(options.MaxBytes))}: {options.MaxBytes} is negative; use 0 or more (0 shows no payload).");
        }

        LogLineBound.Check(HandlerOptionsKeys.Key(name, nameof(options.MaxBytes)), options.MaxBytes, failures);
    }
}
