namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// Runs a command under a seccomp filter, the kernel mechanism systemd's sandboxing uses, so a test meets the real
/// errno a unit's setting causes without systemd: argv[1] is the rule, the rest the command. <c>socket-inet</c>:
/// <c>socket(2)</c> of AF_INET or AF_INET6 fails with EAFNOSUPPORT, as under <c>RestrictAddressFamilies=AF_UNIX</c>
/// (systemd.exec(5)). <c>connect-eperm</c>: every <c>connect(2)</c> fails with EPERM, as a connection to an address
/// <c>IPAddressDeny=</c> refuses does. x86_64 only; exits 2 elsewhere.
/// </summary>
internal static class SeccompLauncher
{
    public const string Script = """
        import ctypes, os, platform, struct, sys
        if platform.machine() != "x86_64":
            sys.exit("seccomp launcher: x86_64 only")
        def insn(code, jt, jf, k): return struct.pack("HBBI", code, jt, jf, k)
        LD_ABS, JEQ, RET = 0x20, 0x15, 0x06
        ALLOW, ERRNO = 0x7FFF0000, 0x00050000
        arch = [insn(LD_ABS, 0, 0, 4), insn(JEQ, 1, 0, 0xC000003E), insn(RET, 0, 0, ALLOW), insn(LD_ABS, 0, 0, 0)]
        if sys.argv[1] == "socket-inet":
            # nr == socket(41) and args[0] (the family) is AF_INET (2) or AF_INET6 (10): EAFNOSUPPORT (97).
            rule = [insn(JEQ, 0, 3, 41), insn(LD_ABS, 0, 0, 16), insn(JEQ, 2, 0, 2), insn(JEQ, 1, 0, 10),
                    insn(RET, 0, 0, ALLOW), insn(RET, 0, 0, ERRNO | 97)]
        elif sys.argv[1] == "connect-eperm":
            # nr == connect(42): EPERM (1).
            rule = [insn(JEQ, 1, 0, 42), insn(RET, 0, 0, ALLOW), insn(RET, 0, 0, ERRNO | 1)]
        else:
            sys.exit("seccomp launcher: unknown rule " + sys.argv[1])
        program = ctypes.create_string_buffer(b"".join(arch + rule))
        fprog = ctypes.create_string_buffer(struct.pack("HxxxxxxQ", len(arch + rule), ctypes.addressof(program)))
        libc = ctypes.CDLL(None, use_errno=True)
        ulong = ctypes.c_ulong
        if libc.prctl(38, ulong(1), ulong(0), ulong(0), ulong(0)) != 0 or \
           libc.prctl(22, ulong(2), ctypes.c_void_p(ctypes.addressof(fprog)), ulong(0), ulong(0)) != 0:
            sys.exit("seccomp launcher: " + os.strerror(ctypes.get_errno()))
        os.execvp(sys.argv[2], sys.argv[2:])
        """;

    /// <summary>The launcher for <see cref="DaemonProcess"/>: the daemon under <paramref name="rule"/>.</summary>
    public static string[] Under(string rule) => ["python3", "-c", Script, rule];
}
