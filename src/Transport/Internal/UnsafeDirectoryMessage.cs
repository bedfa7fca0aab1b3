namespace UnixDatagram.Transport.Internal;

/// <summary>
/// The words of <see cref="UnixDirectory"/>'s refusals, composed in one place for each side that meets them
/// (<see cref="Exception.Message"/>, the daemon that keeps its sockets and log files in the directory;
/// <see cref="UnixDirectoryException.ClientMessage"/>, a client about to send to a socket there and believe its answer).
/// </summary>
internal static class UnsafeDirectoryMessage
{
    private static readonly Voice Daemon = new(
        "a directory the daemon keeps sockets or log files in",
        "can replace the files in it (a socket with another, a log file with a symbolic link to any file)",
        "this process",
        "fix it or choose another directory");

    private static readonly Voice Client = new(
        "a directory that holds a socket this command sends to",
        "can put a socket of their own in it, which would get what this command sends and answer in place of the one meant, so this command does not trust it",
        "the user running this command",
        "have the service that binds the socket keep it in such a directory, or in one root gave its user (as systemd's RuntimeDirectory= does), or fix this one's owner and mode");

    /// <summary>A directory that another user owns or may write to.</summary>
    public static UnixDirectoryException Unsafe(string path, uint owner, uint mode, uint euid, string what) =>
        new(path, Unsafe(Daemon, path, owner, mode, euid, what)) { ClientMessage = Unsafe(Client, path, owner, mode, euid, what) };

    /// <summary>A symbolic link, or something other than a directory, where a directory was to be.</summary>
    public static UnixDirectoryException NotADirectory(string path) =>
        new(path, NotADirectory(Daemon, path)) { ClientMessage = NotADirectory(Client, path) };

    private static string Unsafe(Voice voice, string path, uint owner, uint mode, uint euid, string what) => string.Create(
        CultureInfo.InvariantCulture,
        $"the directory '{path}' (owner uid {owner}, mode {OctalFileMode.Format(mode)}) {what}: whoever can write to it {voice.Risk}. {char.ToUpperInvariant(voice.Subject[0])}{voice.Subject[1..]}, and every directory above it, must be owned by root or uid {euid} ({voice.Self}) and not writable by group or others; {voice.Remedy}.");

    private static string NotADirectory(Voice voice, string path) =>
        $"'{path}' is a symbolic link or not a directory: {voice.Subject}, and every directory above it, must be a real directory (give the resolved path).";

    /// <summary>Who refuses: what the directory is to them, what another user could do there, who "this" uid is, and what to do.</summary>
    private sealed record Voice(string Subject, string Risk, string Self, string Remedy);
}
