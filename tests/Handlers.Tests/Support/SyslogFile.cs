namespace UnixDatagram.Handlers.Tests;

/// <summary>Reads a file the writer task fills: waits (bounded) until it holds a number of complete lines.</summary>
internal static class SyslogFile
{
    public static Task<string[]> WaitForLinesAsync(string path, int count) => TextFile.WaitForLinesAsync(path, count, TestWait.Timeout);
}
