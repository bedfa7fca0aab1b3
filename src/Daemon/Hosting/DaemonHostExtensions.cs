using static UnixDatagram.Hosting.DaemonHostExtensionsLog;

namespace UnixDatagram.Hosting;

/// <summary>Running a daemon host so that its exit code tells systemd the truth.</summary>
public static class DaemonHostExtensions
{
    /// <summary>The exit code when start fails or a hosted service faults.</summary>
    public const int FailureExitCode = 1;

    /// <summary>
    /// Starts the host, waits until it stops (the caller disposes it), and returns the process exit code: 0 after a
    /// clean stop, <see cref="FailureExitCode"/> when start failed or a hosted service faulted. The host itself
    /// completes normally when a <see cref="BackgroundService"/> fails, which would make <c>Restart=on-failure</c>
    /// see success.
    /// </summary>
    /// <remarks>
    /// A start that fails on a bad configuration value or an endpoint that cannot bind is logged as one line with
    /// the reason (the message names the key and the value or path), through the host's own logging, before this
    /// method returns: the caller need not catch anything to tell the operator why. Any other start failure is
    /// logged with its exception. Cancellation through <paramref name="cancellationToken"/> still throws.
    /// </remarks>
    public static async Task<int> RunDaemonAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("UnixDatagram.Hosting.Daemon");
            if (IsStartRefusal(ex))
            {
                LogCannotStart(logger, RefusalReason(ex));
            }
            else
            {
                LogStartFailed(logger, ex);
            }

            return FailureExitCode;
        }

        await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        var faulted = host.Services.GetServices<IHostedService>()
            .OfType<BackgroundService>()
            .Any(s => s.ExecuteTask is { IsFaulted: true });
        return faulted ? FailureExitCode : 0;
    }

    /// <summary>
    /// Whether a start failure is a refusal whose message alone tells the operator what to fix (a configuration
    /// value that does not validate, an endpoint that cannot bind), rather than a fault that needs its stack trace.
    /// </summary>
    public static bool IsStartRefusal(Exception exception) => exception switch
    {
        OptionsValidationException or EndpointBindException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsStartRefusal),
        _ => false,
    };

    private static string RefusalReason(Exception exception) => exception is AggregateException aggregate
        ? string.Join("; ", aggregate.InnerExceptions.Select(RefusalReason))
        : exception.Message;
}
