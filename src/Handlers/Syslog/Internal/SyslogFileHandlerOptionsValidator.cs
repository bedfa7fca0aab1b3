namespace UnixDatagram.Handlers.Internal;

/// <summary>Checks <see cref="SyslogFileHandlerOptions"/>: every file, selector and template; each failure names its key and value.</summary>
internal sealed class SyslogFileHandlerOptionsValidator : HandlerOptionsValidator<SyslogFileHandlerOptions>
{
    public static SyslogFileHandlerOptionsValidator Instance { get; } = new();

    protected override void Check(string name, SyslogFileHandlerOptions options, List<string> failures)
    {
        SyslogFileConfiguration.TryCompile(name, options, Environment.GetEnvironmentVariable, out _, out var found);
        failures.AddRange(found);
    }
}
