namespace UnixDatagram.Daemon;

/// <summary>
/// A configuration file that cannot be read or is not valid JSON: the message is one line naming the file and, for
/// a syntax error, the line and position (both counted from 1, as editors do) and what is wrong there.
/// </summary>
internal sealed class ConfigurationFileException : Exception
{
    public ConfigurationFileException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
    }

    public ConfigurationFileException()
    {
        FilePath = "";
    }

    public ConfigurationFileException(string message)
        : base(message)
    {
        FilePath = "";
    }

    public ConfigurationFileException(string message, Exception inner)
        : base(message, inner)
    {
        FilePath = "";
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }
}
