namespace UnixDatagram.Transport;

/// <summary>A file the daemon refuses to write to (a symbolic link, not a regular file) or cannot open.</summary>
public sealed class UnixFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file at fault.</param>
    /// <param name="message">What is wrong with it.</param>
    public UnixFileException(string path, string message)
        : base(message)
    {
        FilePath = path;
    }

    /// <summary>Creates the exception without a path.</summary>
    public UnixFileException()
        : this(string.Empty, "file refused")
    {
    }

    /// <summary>Creates the exception without a path.</summary>
    public UnixFileException(string message)
        : this(string.Empty, message)
    {
    }

    /// <summary>Creates the exception without a path.</summary>
    public UnixFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }
}
