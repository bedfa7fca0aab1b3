using System.Diagnostics;

namespace UnixDatagram.Handlers.Tests;

/// <summary>Runs the real util-linux <c>logger</c> binary.</summary>
internal static class LoggerCommand
{
    /// <summary>Runs <c>logger ARGS</c>, checks that it exits 0 in time, and returns its process id.</summary>
    public static async Task<int> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("logger")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("logger did not start.");
        var pid = process.Id;
        using var timeout = new CancellationTokenSource(TestEndpoint.Timeout);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"logger {string.Join(' ', arguments)} did not exit within {TestEndpoint.Timeout}.");
        }

        Assert.True(process.ExitCode == 0, $"logger {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr}");
        return pid;
    }
}
