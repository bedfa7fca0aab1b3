using UnixDatagram.Transport.Internal;
using UnixDatagram.Transport.Internal.Interop;

namespace UnixDatagram.Transport;

/// <summary>
/// Safe directories for socket files and log files, checked as sshd's <c>StrictModes</c> and systemd's safe path resolution do:
/// each directory from <c>/</c> down is opened with <c>O_DIRECTORY|O_NOFOLLOW</c> relative to its parent and checked
/// with <c>fstat</c> on that descriptor (no check-then-use race on a name, and no symbolic link anywhere). Every
/// directory above the last must be owned by root or this process's effective user and not writable by group or
/// others, unless it is root's and sticky (as <c>/tmp</c>: others may add entries, not rename or remove ours).
/// The walk is a <see cref="DirectoryWalk"/>, the rule a <see cref="DirectoryOwnership"/>.
/// </summary>
public static class UnixDirectory
{
    private const int MaxSymbolicLinks = 40; // the kernel's own limit, path_resolution(7)

    /// <summary>
    /// Whether this process may create entries in the directory <paramref name="path"/> (write and search
    /// permission), as the kernel decides it, with ACLs and read-only mounts: <c>access(2)</c> with
    /// <c>W_OK | X_OK</c>. Decided with the real user and group ids, as <c>access(2)</c> does.
    /// </summary>
    /// <returns>True when the kernel allows it; false when it does not or the directory cannot be reached.</returns>
    public static bool IsWritable(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FileCalls.Access(path, Libc.W_OK | Libc.X_OK) == 0;
    }

    /// <summary>
    /// Checks the absolute directory <paramref name="path"/> and every directory above it; with
    /// <paramref name="create"/>, creates the missing ones with mode 0700 (each checked as it is made).
    /// </summary>
    /// <returns>The directories created, outermost first (for <see cref="RemoveCreated"/>).</returns>
    /// <exception cref="UnixDirectoryException">A directory is unsafe, missing (without <paramref name="create"/>) or cannot be opened; the message names it, its owner and its mode.</exception>
    public static IReadOnlyList<string> Secure(string path, UnixDirectoryTrust trust, bool create)
    {
        var walk = new DirectoryWalk(trust, peerUserId: null, create, followSafeLinks: false);
        walk.Open(path).Dispose();
        return walk.Created;
    }

    /// <summary>
    /// Checks the directory <paramref name="path"/> as <see cref="Secure"/> does, without creating anything, and
    /// returns its owner's uid as found by the check (for a client that trusts the user a directory was given to,
    /// <see cref="UnixDirectoryTrust.PrivateOrAssignedByRoot"/>).
    /// </summary>
    /// <exception cref="UnixDirectoryException">As for <see cref="Secure"/>.</exception>
    public static uint SecureOwner(string path, UnixDirectoryTrust trust)
    {
        using var handle = new DirectoryWalk(trust, peerUserId: null, create: false, followSafeLinks: false).Open(path);
        return DirectoryWalk.Stat(handle, path).Owner;
    }

    /// <summary>
    /// Checks <paramref name="path"/> as <see cref="Secure"/> does (without creating anything) and returns an
    /// <c>O_PATH</c> descriptor of the directory checked, so that what is opened in it next (with <c>openat</c>) is
    /// opened in that very directory, not in whatever the name points at by then. Unlike <see cref="Secure"/>, a
    /// symbolic link on the way is followed when it could only have been made by root or this process's user: it
    /// is owned by one of them and sits in a directory that passed the check (as <c>/var/log/app</c> pointing to
    /// <c>private/app</c>, which systemd makes for <c>LogsDirectory=</c> with <c>DynamicUser=yes</c>); its target is
    /// then checked from <c>/</c> down as any path is.
    /// </summary>
    /// <exception cref="UnixDirectoryException">As for <see cref="Secure"/>.</exception>
    internal static SafeFileHandle OpenSecured(string path, UnixDirectoryTrust trust) => OpenSecured(path, trust, peerUserId: null);

    /// <summary>
    /// Checks the directory <paramref name="path"/> of a peer's socket (a destination, not a place this process binds)
    /// as the directory of an absolute endpoint path is checked (<see cref="UnixDirectoryTrust.Shared"/>: owned by root
    /// or this process's effective user, and not writable by group or others unless it is root's and sticky, as
    /// <c>/tmp</c>), except that the last directory may also be owned by <paramref name="peerUserId"/>: the user the
    /// operator named as the peer's (a service whose runtime directory root gave it). Symbolic links on the way are
    /// followed as <see cref="OpenSecured(string, UnixDirectoryTrust)"/> follows them. Nothing is created.
    /// </summary>
    /// <exception cref="UnixDirectoryException">
    /// A directory is unsafe or cannot be opened; the message names it, its owner and its mode. A directory that
    /// does not exist (all above it safe) has <see cref="UnixDirectoryException.IsMissing"/> set.
    /// </exception>
    public static void SecurePeer(string path, uint? peerUserId) => OpenSecured(path, UnixDirectoryTrust.Shared, peerUserId).Dispose();

    /// <summary>As <see cref="OpenSecured(string, UnixDirectoryTrust)"/>, with <paramref name="peerUserId"/> also trusted to own the last directory.</summary>
    internal static SafeFileHandle OpenSecured(string path, UnixDirectoryTrust trust, uint? peerUserId)
    {
        var walk = new DirectoryWalk(trust, peerUserId, create: false, followSafeLinks: true);
        for (var links = 0; ; links++)
        {
            var handle = walk.Open(path, out var target);
            if (handle is not null)
            {
                return handle;
            }

            if (links == MaxSymbolicLinks)
            {
                throw new UnixDirectoryException(path, $"'{path}' goes through more than {MaxSymbolicLinks} symbolic links (ELOOP).");
            }

            path = target!;
        }
    }

    /// <summary>Removes directories that <see cref="Secure"/> created, innermost first, each only if it is empty.</summary>
    public static void RemoveCreated(IReadOnlyList<string> created)
    {
        ArgumentNullException.ThrowIfNull(created);
        for (var i = created.Count - 1; i >= 0; i--)
        {
            if (FileCalls.Rmdir(created[i]) != 0)
            {
                return;
            }
        }
    }
}
