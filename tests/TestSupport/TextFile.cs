namespace UnixDatagram.TestSupport;

/// <summary>A text file another thread or process is writing (a syslog file, a log): waits, bounded, for its lines.</summary>
public static class TextFile
{
    /// <summary>
    /// The complete lines of <paramref name="path"/> (each ended by a newline), once it holds at least
    /// <paramref name="count"/>; a <see cref="TimeoutException"/> showing what it holds after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<string[]> WaitForLinesAsync(string path, int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var lines = File.Exists(path) ? (await File.ReadAllTextAsync(path, cancel.Token)).Split('\n')[..^1] : [];
            if (lines.Length >= count)
            {
                return lines;
            }

            try
            {
                // The writers give no event to wait on: look again shortly.
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{path} did not get {count} line(s) within {timeout}: {(File.Exists(path) ? File.ReadAllText(path) : "(no file)")}");
            }
        }
    }
}
