namespace UnixDatagram.Handlers.Internal;

/// <summary>
/// A handler's options for its registered name: validated when the handler is created (so a bad value fails start),
/// and followed on reload, where an invalid reload is logged and the previous options are kept.
/// </summary>
internal sealed class NamedOptions<TOptions> : IDisposable
    where TOptions : class
{
    private readonly IDisposable? _subscription;
    private TOptions _current;

    /// <param name="monitor">The options monitor.</param>
    /// <param name="name">The handler's registered name.</param>
    /// <param name="validator">Checks the options at creation and at each reload.</param>
    /// <param name="logger">Where an invalid reload is reported.</param>
    /// <param name="applied">Called with the options of each reload that is applied; none when null.</param>
    public NamedOptions(IOptionsMonitor<TOptions> monitor, string name, IValidateOptions<TOptions> validator, ILogger logger, Action<TOptions>? applied = null)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(name);
        var initial = monitor.Get(name);
        var result = validator.Validate(name, initial);
        if (result.Failed)
        {
            throw new OptionsValidationException(name, typeof(TOptions), result.Failures ?? [result.FailureMessage]);
        }

        _current = initial;
        _subscription = monitor.OnChange((options, changed) =>
        {
            if (!string.Equals(changed ?? Options.DefaultName, name, StringComparison.Ordinal))
            {
                return;
            }

            var reload = validator.Validate(name, options);
            if (reload.Failed)
            {
                HandlerOptionsLog.LogInvalidReload(logger, name, reload.FailureMessage);
                return;
            }

            Volatile.Write(ref _current, options);
            applied?.Invoke(options);
        });
    }

    /// <summary>The options in force.</summary>
    public TOptions Current => Volatile.Read(ref _current);

    public void Dispose() => _subscription?.Dispose();
}
