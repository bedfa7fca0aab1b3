namespace UnixDatagram.Handlers.Internal;

/// <summary>
/// A built-in handler's options check: the handler's name (<see cref="Options.DefaultName"/> when unnamed) and every
/// failure, each naming its <c>Daemon:Handlers:&lt;name&gt;:&lt;key&gt;</c> and value, collected into one result.
/// </summary>
internal abstract class HandlerOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(name ?? Options.DefaultName, options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Adds a failure to <paramref name="failures"/> for each thing wrong with <paramref name="options"/>.</summary>
    protected abstract void Check(string name, TOptions options, List<string> failures);
}
