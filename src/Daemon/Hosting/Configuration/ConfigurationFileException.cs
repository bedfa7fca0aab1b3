namespace UnixDatagram.Hosting;

/// <summary>
/// A configuration file that cannot be read or is not valid JSON: the message is one line naming the file and, for
/// a syntax error, the line and position (both counted from 1, as editors do) and what is wrong there.
/// </summary>
public sealed class ConfigurationFileException : Exception
{
    /// <summary>A file and what is wrong with it.</summary>
    /// <param name="path">The file at fault.</param>
    /// <param name="problem">What is wrong, as one line (for a syntax error, starting with the line and position).</param>
    /// <param name="inner">The reader's or parser's own exception.</param>
    public ConfigurationFileException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
    }

    /// <summary>Without a file or a message.</summary>
    public ConfigurationFileException()
    {
        FilePath = "";
    }

    /// <summary>With a message and no file.</summary>
    /// <param name="message">The message.</param>
    public ConfigurationFileException(string message)
        : base(message)
    {
        FilePath = "";
    }

    /// <summary>With a message and its cause, and no file.</summary>
    /// <param name="message">The message.</param>
    /// <param name="inner">The cause.</param>
    public ConfigurationFileException(string message, Exception inner)
        : base(message, inner)
    {
        FilePath = "";
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }
}
