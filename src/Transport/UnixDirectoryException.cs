namespace UnixDatagram.Transport;

/// <summary>A directory that is unsafe for socket files (wrong owner, writable by others, a symbolic link) or that cannot be opened or created.</summary>
public sealed class UnixDirectoryException : IOException
{
    private readonly string? _clientMessage;

    /// <summary>Creates the exception.</summary>
    /// <param name="path">The directory at fault.</param>
    /// <param name="message">What is wrong with it.</param>
    public UnixDirectoryException(string path, string message)
        : base(message)
    {
        DirectoryPath = path;
    }

    /// <summary>Creates the exception without a path.</summary>
    public UnixDirectoryException()
        : this(string.Empty, "unsafe directory")
    {
    }

    /// <summary>Creates the exception without a path.</summary>
    public UnixDirectoryException(string message)
        : this(string.Empty, message)
    {
    }

    /// <summary>Creates the exception without a path.</summary>
    public UnixDirectoryException(string message, Exception innerException)
        : base(message, innerException)
    {
        DirectoryPath = string.Empty;
    }

    /// <summary>The directory at fault.</summary>
    public string DirectoryPath { get; }

    /// <summary>
    /// Whether the directory does not exist (every directory above it passed the check): for a peer's socket, the
    /// peer is not there yet, rather than somewhere unsafe.
    /// </summary>
    public bool IsMissing { get; init; }

    /// <summary>
    /// The same refusal in the words of a client that was about to send to a socket under the directory and believe
    /// its answer (<c>dgramd health</c>, <c>send</c>), rather than of the daemon that keeps its sockets and log files
    /// there; <see cref="Exception.Message"/> when the refusal reads the same for both.
    /// </summary>
    public string ClientMessage
    {
        get => _clientMessage ?? Message;
        init => _clientMessage = value;
    }
}
