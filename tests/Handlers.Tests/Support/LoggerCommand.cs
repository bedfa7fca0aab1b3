namespace UnixDatagram.Handlers.Tests;

/// <summary>Runs the real util-linux <c>logger</c> binary.</summary>
internal static class LoggerCommand
{
    /// <summary>Runs <c>logger ARGS</c>, checks that it exits 0 in time, and returns its process id.</summary>
    public static async Task<int> RunAsync(params string[] arguments)
    {
        var result = await ExternalProcess.RunAsync("logger", arguments);
        Assert.True(result.ExitCode == 0, $"logger {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.StandardError}");
        return result.ProcessId;
    }
}
