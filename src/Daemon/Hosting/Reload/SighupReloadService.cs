using System.Runtime.InteropServices;
using static UnixDatagram.Hosting.Reload.ReloadLog;
using UnixDatagram.Hosting.Diagnostics;

namespace UnixDatagram.Hosting.Reload;

/// <summary>
/// Reloads on <c>SIGHUP</c>, the signal systemd's <c>ExecReload=kill -HUP $MAINPID</c> (and <c>Type=notify-reload</c>,
/// systemd 253 and later) sends. Without this registration .NET would end the process on SIGHUP.
/// </summary>
internal sealed class SighupReloadService(IDatagramDaemonReloader reloader, IHostApplicationLifetime lifetime, ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    private readonly ILogger _logger = LogCategory.For<SighupReloadService>(loggerFactory);

    private PosixSignalRegistration? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _registration, null)?.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        LogSignal(_logger);

        // The reloader serializes: a SIGHUP during a reload reloads again once it is done.
        _ = Task.Run(() => reloader.ReloadAsync(lifetime.ApplicationStopping), CancellationToken.None);
    }
}
