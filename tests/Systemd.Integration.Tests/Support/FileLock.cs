namespace UnixDatagram.Systemd.Integration.Tests;

/// <summary>
/// An exclusive lock on a file, across processes (an open with <see cref="FileShare.None"/>, which .NET backs with
/// <c>flock</c> on Linux): one root build, and one container, at a time on a machine.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    public static async Task<FileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another test run holds it: poll until it is done.
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
