using System.Runtime.InteropServices;

namespace UnixDatagram.Hosting.Internal.Interop;

/// <summary><c>access(2)</c>: whether this process may write into a directory, as the kernel decides (ACLs, read-only mounts).</summary>
internal static partial class Access
{
    public const int W_OK = 2;
    public const int X_OK = 1;

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Check(string path, int mode);
}
