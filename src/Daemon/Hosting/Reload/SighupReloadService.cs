using System.Runtime.InteropServices;
using static UnixDatagram.Hosting.Reload.ReloadLog;
using UnixDatagram.Hosting.Diagnostics;

namespace UnixDatagram.Hosting.Reload;

/// <summary>
/// Reloads on <c>SIGHUP</c>, the signal systemd's <c>ExecReload=kill -HUP $MAINPID</c> (and <c>Type=notify-reload</c>,
/// systemd 253 and later) and logrotate's <c>postrotate</c> send. Without this registration .NET would end the
/// process on SIGHUP.
/// </summary>
/// <remarks>
/// A SIGHUP that the parent ignored stays ignored across <c>execve(2)</c> (<c>nohup</c>, a shell's
/// <c>trap '' HUP</c>, a supervisor started that way), and .NET installs no handler over an ignored signal
/// (System.Native's pal_signal.c: "We respect ignored signals"): the registration would be in place and every
/// SIGHUP lost without a word. Here SIGHUP means reload, not hang-up, so it gets its default action back before the
/// registration, and its ignored state back when the registration goes.
/// </remarks>
internal sealed class SighupReloadService(IDatagramDaemonReloader reloader, IHostApplicationLifetime lifetime, ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    /// <summary>The process's SIGHUP disposition is one, whichever host (in a process with several) changes it.</summary>
    private static readonly Lock Disposition = new();

    private readonly ILogger _logger = LogCategory.For<SighupReloadService>(loggerFactory);

    private PosixSignalRegistration? _registration;
    private bool _restoreIgnored;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (Disposition)
        {
            var ignored = UnixProcess.GetSignalDisposition(PosixSignal.SIGHUP) == UnixSignalDisposition.Ignored;
            if (ignored)
            {
                UnixProcess.SetSignalDisposition(PosixSignal.SIGHUP, UnixSignalDisposition.Default);
            }

            _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
            if (ignored && UnixProcess.GetSignalDisposition(PosixSignal.SIGHUP) != UnixSignalDisposition.Caught)
            {
                // .NET counts SIGHUP as handled already and installed nothing: ignored it stays, rather than ending the process.
                UnixProcess.SetSignalDisposition(PosixSignal.SIGHUP, UnixSignalDisposition.Ignored);
                LogSighupStaysIgnored(_logger);
            }
            else if (ignored)
            {
                _restoreIgnored = true;
                LogIgnoredSighupHandled(_logger);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (Disposition)
        {
            Interlocked.Exchange(ref _registration, null)?.Dispose();

            // The registration gone, .NET puts back the default it found; a SIGHUP during the rest of the stop is
            // ignored, as the parent asked, instead of ending the process. Another registration keeps it caught.
            if (_restoreIgnored && UnixProcess.GetSignalDisposition(PosixSignal.SIGHUP) == UnixSignalDisposition.Default)
            {
                UnixProcess.SetSignalDisposition(PosixSignal.SIGHUP, UnixSignalDisposition.Ignored);
            }

            _restoreIgnored = false;
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        LogSignal(_logger);

        // The reloader serializes and coalesces: SIGHUPs during a reload make one more reload once it is done.
        _ = Task.Run(() => reloader.ReloadAsync(lifetime.ApplicationStopping), CancellationToken.None);
    }
}
