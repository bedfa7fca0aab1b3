namespace UnixDatagram.Hosting.Sending;

/// <summary>
/// How a target's failed connects are logged: a refusal (a directory or socket file not trusted) at Error once per
/// reason, then quietly while the same refusal repeats at every back-off attempt; a peer missing at start as a warning;
/// a failed reconnect as it comes. Touched only under the target's lock.
/// </summary>
/// <param name="logger">Where the events go.</param>
/// <param name="name">The target's name.</param>
/// <param name="key">Its <c>Path</c>'s configuration key, such as <c>Daemon:Targets:0:Path</c>, for a refusal.</param>
/// <param name="path">The peer's address, as shown.</param>
internal sealed class ConnectFailureLog(ILogger logger, string name, string key, string path)
{
    /// <summary>The last refusal logged at Error (a directory or socket file not trusted), so that a repeat is not.</summary>
    private string? _lastRefusal;

    /// <summary>The target connected: the next refusal is news again.</summary>
    public void Connected() => _lastRefusal = null;

    /// <summary>Logs a failed connect; <paramref name="delay"/> is the wait before the next attempt.</summary>
    public void Report(Exception exception, bool first, TimeSpan delay)
    {
        if (exception is UnixDirectoryException or UnixFileException)
        {
            // Loud once per reason, then quiet while the same refusal repeats at every back-off attempt.
            if (!string.Equals(_lastRefusal, exception.Message, StringComparison.Ordinal))
            {
                _lastRefusal = exception.Message;
                SendingLog.LogRefused(logger, name, key, path, exception.Message, delay);
            }
            else
            {
                SendingLog.LogReconnectFailed(logger, name, path, exception.Message, delay);
            }

            return;
        }

        if (first)
        {
            var error = exception is UnixSocketException socketError ? socketError.ErrorName + ": " + socketError.Message : exception.Message;
            SendingLog.LogUnavailableAtStart(logger, name, path, error, delay);
        }
        else if (exception is UnixSocketException socketError)
        {
            SendingLog.LogReconnectFailed(logger, name, path, socketError.ErrorName + ": " + socketError.Message, delay);
        }
        else
        {
            SendingLog.LogReconnectFaulted(logger, exception, name, path, delay);
        }
    }
}
