using Microsoft.Extensions.Options;

namespace UnixDatagram.Handlers.Internal;

/// <summary>Checks <see cref="SyslogFileHandlerOptions"/>: every file, selector and template; each failure names its key and value.</summary>
internal sealed class SyslogFileHandlerOptionsValidator : IValidateOptions<SyslogFileHandlerOptions>
{
    public static SyslogFileHandlerOptionsValidator Instance { get; } = new();

    public ValidateOptionsResult Validate(string? name, SyslogFileHandlerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SyslogFileConfiguration.TryCompile(name ?? Options.DefaultName, options, Environment.GetEnvironmentVariable, out _, out var failures)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures);
    }
}
