using Microsoft.Extensions.Primitives;
using UnixDatagram.Handlers.Internal;
using UnixDatagram.Hosting.Options;

namespace UnixDatagram.Hosting.Reload;

/// <summary>
/// The built-in handlers' options (<c>Daemon:Handlers:&lt;name&gt;</c>) change when a reload is applied, not whenever
/// configuration does: their <see cref="IOptionsMonitor{TOptions}"/> follows <see cref="Publish"/> instead of the
/// configuration's own change token, so a rejected reload leaves them as they were, and an accepted one reaches them
/// with the rest. Before that, <see cref="Validate"/> checks the new options of every handler an endpoint uses.
/// </summary>
internal sealed class HandlerOptionsReload(IServiceProvider services, HandlerRegistry registry) : IDisposable
{
    private CancellationTokenSource _published = new();

    /// <summary>Changes when a reload is applied.</summary>
    public IChangeToken Token => new CancellationChangeToken(Volatile.Read(ref _published).Token);

    /// <summary>
    /// Registers <typeparamref name="TOptions"/> of handler <paramref name="name"/> to follow reloads: replaces the
    /// configuration change token source that <c>BindConfiguration</c> just added.
    /// </summary>
    public static void Follow<TOptions>(IServiceCollection services, string name)
        where TOptions : class
    {
        var bound = services.LastOrDefault(d => d.ServiceType == typeof(IOptionsChangeTokenSource<TOptions>) && d.ImplementationFactory is not null);
        if (bound is not null)
        {
            services.Remove(bound);
        }

        services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(sp => new Source<TOptions>(name, sp.GetRequiredService<HandlerOptionsReload>()));
    }

    /// <summary>Builds and checks the options of every built-in handler the endpoints of <paramref name="next"/> use.</summary>
    /// <exception cref="OptionsValidationException">A handler's options are invalid; the message names the key.</exception>
    public void Validate(DatagramDaemonOptions next)
    {
        var failures = new List<string>();
        foreach (var name in next.Endpoints.SelectMany(e => e.Handlers).Distinct(StringComparer.Ordinal))
        {
            var type = registry.TypeOf(name);
            if (type == typeof(LogHandler))
            {
                Check(name, LogHandlerOptionsValidator.Instance, failures);
            }
            else if (type == typeof(ForwardHandler))
            {
                Check(name, ForwardHandlerOptionsValidator.Instance, failures);
            }
            else if (type == typeof(SyslogFileHandler))
            {
                Check(name, SyslogFileHandlerOptionsValidator.Instance, failures);
            }
            else if (type == typeof(SyslogHandler))
            {
                Check(name, SyslogHandlerOptionsValidator.Instance, failures);
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(DatagramDaemonOptions.SectionName + ":Handlers", typeof(DatagramDaemonOptions), failures);
        }
    }

    /// <summary>Hands every handler following reloads its options from the configuration now in force.</summary>
    public void Publish() => Interlocked.Exchange(ref _published, new CancellationTokenSource()).Cancel();

    public void Dispose() => Volatile.Read(ref _published).Dispose();

    private void Check<TOptions>(string name, IValidateOptions<TOptions> validator, List<string> failures)
        where TOptions : class
    {
        try
        {
            var result = validator.Validate(name, services.GetRequiredService<IOptionsFactory<TOptions>>().Create(name));
            if (result.Failed)
            {
                failures.AddRange(result.Failures ?? [result.FailureMessage]);
            }
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            failures.Add(ex.Message);
        }
    }

    private sealed class Source<TOptions>(string name, HandlerOptionsReload reload) : IOptionsChangeTokenSource<TOptions>
    {
        public string Name => name;

        public IChangeToken GetChangeToken() => reload.Token;
    }
}
