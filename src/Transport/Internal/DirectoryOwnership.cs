namespace UnixDatagram.Transport.Internal;

/// <summary>
/// The ownership rule of <see cref="UnixDirectory"/>: every directory above the last must be owned by root or this
/// process's effective user and not writable by group or others, unless it is root's and sticky (as <c>/tmp</c>:
/// others may add entries, not rename or remove ours). The last one follows its <see cref="UnixDirectoryTrust"/>. A
/// directory breaking it is refused in the words of <see cref="UnsafeDirectoryMessage"/>.
/// </summary>
/// <param name="trust">Whom the last directory may belong to.</param>
/// <param name="euid">This process's effective user id.</param>
/// <param name="peerUserId">With <see cref="UnixDirectoryTrust.Shared"/>: a peer's user, also trusted to own the last directory.</param>
internal sealed class DirectoryOwnership(UnixDirectoryTrust trust, uint euid, uint? peerUserId)
{
    internal const uint AnyWrite = 0x12; // S_IWGRP | S_IWOTH
    private const uint Sticky = 0x200; // S_ISVTX

    /// <summary>
    /// Whether a user other than root and <paramref name="euid"/> may create names in a directory that passed the
    /// check: it is writable by group or others (root's and sticky), or owned by a peer's user.
    /// </summary>
    internal static bool OthersMayCreate(uint owner, uint mode, uint euid) => (mode & AnyWrite) != 0 || (owner != 0 && owner != euid);

    /// <summary>Checks the last directory of the path, whose parent has <paramref name="ownerAbove"/> and <paramref name="modeAbove"/>.</summary>
    /// <exception cref="UnixDirectoryException">The directory breaks the rule; the message names it, its owner and its mode.</exception>
    public void CheckLast(string path, uint owner, uint mode, uint ownerAbove, uint modeAbove)
    {
        if (trust == UnixDirectoryTrust.Shared)
        {
            CheckAbove(path, owner, mode, peerUserId);
            return;
        }

        var assignedByRoot = trust == UnixDirectoryTrust.PrivateOrAssignedByRoot && ownerAbove == 0 && (modeAbove & AnyWrite) == 0;
        if (owner != 0 && owner != euid && !assignedByRoot)
        {
            throw Unsafe(path, owner, mode, "is owned by another user");
        }

        if ((mode & AnyWrite) != 0)
        {
            throw Unsafe(path, owner, mode, "is writable by group or others");
        }
    }

    /// <summary>Checks a directory above the last.</summary>
    /// <exception cref="UnixDirectoryException">As for <see cref="CheckLast"/>.</exception>
    public void CheckAbove(string path, uint owner, uint mode) => CheckAbove(path, owner, mode, trustedPeer: null);

    private void CheckAbove(string path, uint owner, uint mode, uint? trustedPeer)
    {
        if (owner != 0 && owner != euid && owner != trustedPeer)
        {
            throw Unsafe(path, owner, mode, "is owned by another user");
        }

        if ((mode & AnyWrite) != 0 && !(owner == 0 && (mode & Sticky) != 0))
        {
            throw Unsafe(path, owner, mode, "is writable by group or others (and not a sticky directory of root's, such as /tmp)");
        }
    }

    private UnixDirectoryException Unsafe(string path, uint owner, uint mode, string what) =>
        UnsafeDirectoryMessage.Unsafe(path, owner, mode, euid, what);
}
