using System.Runtime.InteropServices;

namespace UnixDatagram.Hosting.Tests;

/// <summary>Descriptor calls the tests need to stand in for systemd: put a socket at a chosen descriptor number.</summary>
internal static partial class DescriptorCalls
{
    public const int F_GETFD = 1;
    public const int FD_CLOEXEC = 1;

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    public static partial int Dup2(int oldFd, int newFd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    public static bool IsOpen(int fd) => Fcntl(fd, F_GETFD, 0) >= 0;

    public static bool IsCloseOnExec(int fd) => (Fcntl(fd, F_GETFD, 0) & FD_CLOEXEC) != 0;
}
