using System.Diagnostics;
using Microsoft.Extensions.Hosting.Systemd;
using UnixDatagram.Hosting.Options;
using UnixDatagram.Hosting.Sending;
using static UnixDatagram.Hosting.Reload.ReloadLog;
using UnixDatagram.Hosting.Diagnostics;

namespace UnixDatagram.Hosting.Reload;

/// <summary>
/// One reload at a time: <c>RELOADING=1</c> with <c>MONOTONIC_USEC=</c>, configuration re-read
/// (<see cref="IConfigurationRoot.Reload"/>), the whole new configuration built and validated by the same options
/// factory and validators as start, then applied (endpoints, targets, handler options), then <c>READY=1</c> with a
/// <c>STATUS=</c> saying how it went. A configuration that fails is rejected as a whole; the old one keeps serving.
/// </summary>
/// <remarks>
/// Requests coalesce: one made while a reload runs joins the next reload, which every request made until it begins
/// joins too, so any number of requests (SIGHUP, the control socket's <c>reload</c>, callers of
/// <see cref="IDatagramDaemonReloader"/>) costs at most the reload running and one more. Never the one running: the
/// files may have changed after it read them, so each request gets the outcome of a reload that began after it asked.
/// </remarks>
internal sealed class DaemonReloader(IServiceProvider services, ILoggerFactory loggerFactory) : IDatagramDaemonReloader
{
    private readonly ILogger _logger = LogCategory.For<DaemonReloader>(loggerFactory);

    private const int MaxStatusLength = 400;

    private readonly Lock _lock = new();

    /// <summary>The reload that begins when the one running ends, with the requests that joined it; null when none waits.</summary>
    private NextReload? _next;

    /// <summary>Whether a reload runs (or is about to begin: <see cref="RunAsync"/> owns it).</summary>
    private bool _running;

    public async Task<DaemonReloadResult> ReloadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        NextReload next;
        bool run;
        lock (_lock)
        {
            next = _next ??= new NextReload();
            next.Waiting++;
            run = !_running;
            _running = true;
        }

        if (run)
        {
            // Not on this caller's stack: a reload that has begun runs to its end whatever happens to its first requester.
            _ = Task.Run(RunAsync, CancellationToken.None);
        }

        try
        {
            return await next.Outcome.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_lock)
            {
                next.Waiting--;
            }

            throw;
        }
    }

    /// <summary>Runs the waiting reloads one after the other until none waits; a reload that no request waits for any more is not run.</summary>
    private async Task RunAsync()
    {
        while (true)
        {
            NextReload next;
            lock (_lock)
            {
                if (_next is null)
                {
                    _running = false;
                    return;
                }

                next = _next;
                _next = null;
                if (next.Waiting == 0)
                {
                    // Every requester gave up (the daemon is stopping): nobody asked for this one any more.
                    next.Outcome.TrySetCanceled(CancellationToken.None);
                    continue;
                }
            }

            try
            {
                next.Outcome.TrySetResult(await ReloadOnceAsync().ConfigureAwait(false));
            }
#pragma warning disable CA1031 // Handed to the requesters: the loop must go on to the reload that may be waiting.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                next.Outcome.TrySetException(ex);
            }
        }
    }

    private async Task<DaemonReloadResult> ReloadOnceAsync()
    {
        Notify($"RELOADING=1\nMONOTONIC_USEC={MonotonicMicroseconds().ToString(CultureInfo.InvariantCulture)}");
        LogReloading(_logger);
        DaemonReloadResult result;
        try
        {
            result = await ApplyAsync().ConfigureAwait(false);
            LogReloaded(_logger, result.Message);
        }
#pragma warning disable CA1031 // Whatever stops a reload is its outcome: the old configuration keeps serving and the error is reported.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = new DaemonReloadResult(false, ExceptionReason.Of(ex));
            LogReloadFailed(_logger, result.Message);
        }

        var status = result.Succeeded ? "Reloaded: " + result.Message : "Reload failed, the previous configuration is still in use: " + result.Message;
        status = status.ReplaceLineEndings(" ");
        Notify("READY=1\nSTATUS=" + (status.Length > MaxStatusLength ? status[..MaxStatusLength] + "..." : status));
        return result;
    }

    /// <summary><c>CLOCK_MONOTONIC</c> in microseconds: on Linux, <see cref="Stopwatch"/> reads that clock.</summary>
    internal static long MonotonicMicroseconds() => Stopwatch.GetElapsedTime(0, Stopwatch.GetTimestamp()).Ticks / TimeSpan.TicksPerMicrosecond;

    private async Task<DaemonReloadResult> ApplyAsync()
    {
        var lifetime = services.GetService<IHostApplicationLifetime>();
        if (lifetime is not null && (!lifetime.ApplicationStarted.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested))
        {
            throw new InvalidOperationException(lifetime.ApplicationStopping.IsCancellationRequested
                ? "the daemon is stopping; nothing was reloaded."
                : "the daemon is still starting; nothing was reloaded.");
        }

        if (services.GetService<IConfiguration>() is IConfigurationRoot root)
        {
            root.Reload();
        }

        // The same factory as start: binding, every IConfigureOptions, and every IValidateOptions (ValidateOnStart's).
        var next = services.GetRequiredService<IOptionsFactory<DatagramDaemonOptions>>().Create(Microsoft.Extensions.Options.Options.DefaultName);
        var listener = services.GetRequiredService<DatagramListenerService>();
        var previous = listener.Options;
        services.GetService<HandlerOptionsReload>()?.Validate(next);
        WarnRestartOnly(previous, next);

        var endpoints = await listener.ApplyAsync(next, CancellationToken.None).ConfigureAwait(false);
        var targets = await services.GetRequiredService<DatagramSender>().ApplyAsync(next.Targets).ConfigureAwait(false);
        services.GetService<HandlerOptionsReload>()?.Publish();
        return new DaemonReloadResult(true, string.Create(
            CultureInfo.InvariantCulture,
            $"{next.Endpoints.Count} endpoint(s) ({Describe(endpoints)}), {next.Targets.Count} target(s) ({Describe(targets)})"));
    }

    private static string Describe(EndpointChanges changes) =>
        changes.Added.Count + changes.Removed.Count + changes.Changed.Count == 0
            ? "unchanged"
            : string.Join(", ", new[] { ("added", changes.Added), ("removed", changes.Removed), ("changed", changes.Changed) }
                .Where(c => c.Item2.Count > 0)
                .Select(c => $"{c.Item1} {string.Join(" ", c.Item2)}"));

    /// <summary>The settings a reload does not apply: said once per reload that changes them.</summary>
    private void WarnRestartOnly(DatagramDaemonOptions previous, DatagramDaemonOptions next)
    {
        if (!string.Equals(previous.SocketDirectory, next.SocketDirectory, StringComparison.Ordinal))
        {
            LogRestartRequired(_logger, "Daemon:SocketDirectory", previous.SocketDirectory ?? "(default)", next.SocketDirectory ?? "(default)");
        }

        if (!string.Equals(previous.ControlPath, next.ControlPath, StringComparison.Ordinal))
        {
            LogRestartRequired(_logger, "Daemon:ControlPath", previous.ControlPath ?? "(none)", next.ControlPath ?? "(none)");
        }

        // The control socket's permissions are set when it starts: who may ask or reload changes at restart.
        WarnIfChanged("Daemon:ControlAllowedUserIds", previous.ControlAllowedUserIds, next.ControlAllowedUserIds);
        WarnIfChanged("Daemon:ControlReloadUserIds", previous.ControlReloadUserIds, next.ControlReloadUserIds);
    }

    private void WarnIfChanged(string key, IList<uint> previous, IList<uint> next)
    {
        if (!previous.Order().SequenceEqual(next.Order()))
        {
            LogRestartRequired(_logger, key, Ids(previous), Ids(next));
        }

        static string Ids(IList<uint> ids) => "[" + string.Join(", ", ids) + "]";
    }

    private void Notify(string state)
    {
        var notifier = services.GetService<ISystemdNotifier>();
        if (notifier is not { IsEnabled: true })
        {
            return;
        }

        try
        {
            notifier.Notify(new ServiceState(state));
        }
        catch (SocketException ex)
        {
            LogNotifyFailed(_logger, ex.Message);
        }
    }

    /// <summary>A reload not begun yet: its outcome, for every request that joined it, and how many still wait for it.</summary>
    private sealed class NextReload
    {
        public TaskCompletionSource<DaemonReloadResult> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Requests waiting for it (under the reloader's lock).</summary>
        public int Waiting { get; set; }
    }
}
