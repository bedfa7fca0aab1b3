namespace UnixDatagram.Handlers.Tests;

/// <summary>Reads a file the writer task fills: waits (bounded) until it holds a number of complete lines.</summary>
internal static class SyslogFile
{
    public static async Task<string[]> WaitForLinesAsync(string path, int count)
    {
        using var timeout = new CancellationTokenSource(TestEndpoint.Timeout);
        while (true)
        {
            if (File.Exists(path))
            {
                var text = await File.ReadAllTextAsync(path, timeout.Token);
                var lines = text.Split('\n');
                if (lines.Length - 1 >= count)
                {
                    return lines[..^1];
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{path} did not get {count} line(s) within {TestEndpoint.Timeout}: {(File.Exists(path) ? File.ReadAllText(path) : "(no file)")}");
            }
        }
    }
}
