namespace UnixDatagram.Handlers.Tests;

/// <summary>Runs the real util-linux <c>logger</c> binary.</summary>
internal static class LoggerCommand
{
    /// <summary>Runs <c>logger ARGS</c>, checks that it exits 0 in time, and returns its process id.</summary>
    public static async Task<int> RunAsync(params string[] arguments) =>
        (await ExternalProcess.RunCheckedAsync("logger", arguments)).ProcessId;
}
