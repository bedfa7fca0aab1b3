using UnixDatagram.Hosting.Diagnostics;
using static UnixDatagram.Hosting.DaemonHostExtensionsLog;

namespace UnixDatagram.Hosting;

/// <summary>Running a daemon host so that its exit code tells systemd the truth.</summary>
public static class DaemonHostExtensions
{
    /// <summary>The exit code when start fails (other than on the configuration) or a hosted service faults.</summary>
    public const int FailureExitCode = 1;

    /// <summary>
    /// The exit code when start is refused on the configuration (a value that does not convert or validate):
    /// <c>EX_CONFIG</c> from sysexits.h, which systemd shows as <c>status=78/CONFIG</c>; also when a configuration file
    /// is not valid JSON (kept by <see cref="DatagramHost.CreateApplicationBuilder"/>).
    /// </summary>
    public const int ConfigurationErrorExitCode = 78;

    private const string LoggerName = "UnixDatagram.Hosting.Daemon";

    /// <summary>
    /// Starts the host, waits until it stops (the caller disposes it), and returns the process exit code: 0 after a
    /// clean stop, <see cref="FailureExitCode"/> when start failed or a hosted service faulted. The host itself
    /// completes normally when a <see cref="BackgroundService"/> fails, which would make <c>Restart=on-failure</c>
    /// see success. A start refused on the configuration returns <see cref="ConfigurationErrorExitCode"/> instead.
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
        if (host.Services.GetService<IConfiguration>() is { } configuration && DatagramHost.ConfigurationFileError(configuration) is { } fileError)
        {
            // A file that is not valid JSON, kept by DatagramHost.CreateApplicationBuilder: nothing starts.
            LogCannotStart(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerName), fileError.Message);
            return ConfigurationErrorExitCode;
        }

        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerName);
            if (!IsStartRefusal(ex))
            {
                LogStartFailed(logger, ex);
                return FailureExitCode;
            }

            LogCannotStart(logger, ExceptionReason.Of(ex));
            return ExceptionReason.Leaves(ex).All(e => e is OptionsValidationException) ? ConfigurationErrorExitCode : FailureExitCode;
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
}
