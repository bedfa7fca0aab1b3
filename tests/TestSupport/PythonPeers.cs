namespace UnixDatagram.TestSupport;

/// <summary>Small Python clients: the standard <c>socket</c> module, nothing of ours.</summary>
public static class PythonPeers
{
    /// <summary>
    /// argv: path (or <c>@name</c> for an abstract name), hex payload, and optionally a count (default 1). Sends the
    /// payload that many times from an unbound socket; exits 13 (EACCES's number) when refused for permissions, so a
    /// refusal is told apart from a crash, and 1 on any other error, the error on stderr.
    /// </summary>
    public const string SendUnbound = """
        import errno, socket, sys
        a = sys.argv[1]
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            for _ in range(int(sys.argv[3]) if len(sys.argv) > 3 else 1):
                s.sendto(bytes.fromhex(sys.argv[2]), "\0" + a[1:] if a.startswith("@") else a)
        except OSError as e:
            print(e, file=sys.stderr)
            sys.exit(13 if e.errno == errno.EACCES else 1)
        """;

    /// <summary>
    /// argv: own address as hex (a leading 00 makes it abstract, so any bytes can be named), hex payload, then one or
    /// more paths. Binds its own address, sends the payload to each path, then removes its own socket file.
    /// </summary>
    public const string SendBound = """
        import os, socket, sys
        address = bytes.fromhex(sys.argv[1])
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind(address)
        for path in sys.argv[3:]:
            s.sendto(bytes.fromhex(sys.argv[2]), path)
        s.close()
        if address[0] != 0:
            os.unlink(address)
        """;

    /// <summary>argv: path. Binds a socket there and exits without removing it: a stale socket file.</summary>
    public const string LeaveStaleSocket = """
        import socket, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind(sys.argv[1])
        """;

    /// <summary>
    /// argv: server path, own address as hex (a leading 00 makes it abstract, so any bytes can be named), text, and
    /// optionally <c>sender</c>. Binds, sends the text, prints the reply (followed by <c>|</c> and the address the reply
    /// came from, when asked); removes its own socket file; exits 2 without a reply within 10 s.
    /// </summary>
    public const string Ping = """
        import os, socket, sys
        address = bytes.fromhex(sys.argv[2])
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind(address)
        s.settimeout(10)
        s.sendto(sys.argv[3].encode(), sys.argv[1])
        try:
            data, sender = s.recvfrom(1024)
        except socket.timeout:
            sys.exit(2)
        finally:
            if address[0] != 0:
                os.unlink(address)
        print(data.decode() + ('|' + os.fsdecode(sender) if sys.argv[4:] == ['sender'] else ''))
        """;

    /// <summary>
    /// Runs <see cref="Ping"/> from <paramref name="ownPath"/> (a socket file it binds) to <paramref name="server"/>:
    /// sends <paramref name="text"/>, prints the reply, and the address it came from when <paramref name="showSender"/>.
    /// </summary>
    public static Task<CommandResult> PingAsync(string server, string ownPath, string text, bool showSender = false) =>
        PingAsync(server, System.Text.Encoding.UTF8.GetBytes(ownPath), text, showSender);

    /// <summary>
    /// Runs <see cref="Ping"/> from <paramref name="ownAddress"/> (the raw sun_path bytes; a leading NUL makes it
    /// abstract) to <paramref name="server"/>: sends <paramref name="text"/>, prints the reply, and the address it came
    /// from when <paramref name="showSender"/>.
    /// </summary>
    public static Task<CommandResult> PingAsync(string server, byte[] ownAddress, string text, bool showSender = false) =>
        ExternalProcess.PythonAsync(Ping, [server, Convert.ToHexString(ownAddress), text, .. (showSender ? (string[])["sender"] : [])]);

    /// <summary>Python that binds <c>s</c> to argv[1] (a path, or <c>@name</c> for an abstract name) and prints "bound".</summary>
    private const string BoundPeer = """
        import socket, sys
        a = sys.argv[1]
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind("\0" + a[1:] if a.startswith("@") else a)
        print("bound", flush=True)
        """;

    /// <summary>
    /// argv: server path, own path (or <c>@name</c>, an abstract name). Binds it, says <c>bound</c>, then obeys standard input, saying
    /// <c>done LINE</c> after each line (<see cref="ObeyAsync"/>): <c>send TEXT</c> sends TEXT to the server; <c>fill</c> fills its own receive
    /// queue (so a reply to it is congested); <c>symlink TARGET</c> puts a symbolic link to TARGET where its socket
    /// file was, in one rename (never a moment with nothing at the path); <c>unlink</c> removes its socket file; <c>recv</c> prints the next datagram as <c>got TEXT</c> (30 s
    /// at most).
    /// </summary>
    public const string SenderThatMoves = """
        import os, socket, sys
        server, path = sys.argv[1], sys.argv[2]
        own = '\0' + path[1:] if path.startswith('@') else path
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind(own)
        print('bound', flush=True)
        for line in sys.stdin:
            cmd = line.split()
            if cmd[0] == 'send':
                s.sendto(cmd[1].encode(), server)
            elif cmd[0] == 'fill':
                f = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                f.setblocking(False)
                try:
                    while True:
                        f.sendto(b'fill', own)
                except BlockingIOError:
                    pass
            elif cmd[0] == 'symlink':
                os.symlink(cmd[1], path + '.new')
                os.rename(path + '.new', path)
            elif cmd[0] == 'unlink':
                os.unlink(path)
            elif cmd[0] == 'recv':
                s.settimeout(30)
                print('got ' + s.recv(100).decode(), flush=True)
            print('done ' + line.strip(), flush=True)
        """;

    /// <summary>Has a <see cref="SenderThatMoves"/> peer carry out <paramref name="line"/>, and waits until it has.</summary>
    public static async Task ObeyAsync(this ChildProcess peer, string line)
    {
        await peer.WriteLineAsync(line);
        await peer.WaitForLineAsync("done " + line);
    }

    /// <summary>
    /// Starts a Python peer with a socket <c>s</c> bound at <paramref name="address"/> (a path, or <c>@name</c> for an
    /// abstract name), waits until it is bound, and lets it run <paramref name="then"/> (Python, top level).
    /// </summary>
    public static async Task<ChildProcess> StartBoundAsync(string address, string then)
    {
        var peer = ChildProcess.Start(ExternalProcess.Python, ["-c", BoundPeer + "\n" + then, address]);
        try
        {
            await peer.WaitForLineAsync("bound");
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }
}
