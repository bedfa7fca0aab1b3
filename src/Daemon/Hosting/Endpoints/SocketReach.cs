namespace UnixDatagram.Hosting.Endpoints;

/// <summary>
/// Whether a socket file's mode can do what it says: connecting needs write permission on the socket and search
/// (execute) permission on every directory on its path (path_resolution(7)), so a socket of mode 0666 in a directory
/// of mode 0700 (the default <c>/tmp/dgramd-&lt;uid&gt;</c>, or <c>$XDG_RUNTIME_DIR</c>) is reachable by its owner
/// (and root) only.
/// </summary>
internal static class SocketReach
{
    /// <summary>
    /// The first directory on <paramref name="path"/>, nearest first, that keeps out whom <paramref name="mode"/> lets
    /// write: other users (<c>o+w</c>), or, when <paramref name="groupGranted"/>, the socket's group (<c>g+w</c>),
    /// which a directory without search permission for its group and for others keeps out (its owner aside). Null
    /// when none does, or when a directory cannot be examined.
    /// </summary>
    public static (string Directory, UnixFileMode Mode, string Whom)? DeniedBy(string path, UnixFileMode mode, bool groupGranted)
    {
        var others = (mode & UnixFileMode.OtherWrite) != 0;
        var group = groupGranted && (mode & UnixFileMode.GroupWrite) != 0;
        if (!others && !group)
        {
            return null;
        }

        for (var directory = Path.GetDirectoryName(path); !string.IsNullOrEmpty(directory); directory = Path.GetDirectoryName(directory))
        {
            UnixFileMode directoryMode;
            try
            {
                directoryMode = File.GetUnixFileMode(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            if (others && (directoryMode & UnixFileMode.OtherExecute) == 0)
            {
                return (directory, directoryMode, "other users");
            }

            if (group && (directoryMode & (UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
            {
                return (directory, directoryMode, "the socket's group");
            }
        }

        return null;
    }

    /// <summary>A mode as four octal digits, as chmod(1) and <c>Mode</c> write it: <c>0700</c>.</summary>
    public static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
