namespace UnixDatagram.Transport.Tests;

/// <summary>Datagrams from clients no one here wrote: Python's socket module and util-linux <c>logger</c>.</summary>
public sealed class ExternalClientTests
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0666 = Mode0600 | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>Sends a datagram carrying the write end of a pipe, then waits for EOF on the read end: it comes only once every copy of the write end is closed, the receiver's included.</summary>
    private const string PassDescriptorScript = """
        import array, os, select, socket, sys
        r, w = os.pipe()
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.sendmsg([b'fd'], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array('i', [w, w, w]))], 0, sys.argv[1])
        os.close(w)
        ready, _, _ = select.select([r], [], [], 10)
        sys.exit(0 if ready and os.read(r, 1) == b'' else 3)
        """;

    [Fact]
    public async Task Python_UnboundClient_IsReportedUnnamed()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        var collector = DatagramCollector.Start(server);

        var python = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, dir.File("s.sock"), Convert.ToHexString("hello from python"u8));

        Assert.True(python.ExitCode == 0, python.ToString());
        var received = await collector.NextAsync();
        Assert.Equal("hello from python", received.Text);
        Assert.Equal(UnixSocketAddress.Unnamed, received.Sender);
    }

    [Fact]
    public async Task Python_BoundClient_IsReportedByPathAndReceivesOurReply()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        var senders = new List<UnixSocketAddress>();
        server.Message += (_, e) =>
        {
            senders.Add(e.Sender);
            server.SendTo([.. "pong:"u8, .. e.Payload.Span], e.Sender);
        };
        server.StartReceiving();

        var python = await PythonPeers.PingAsync(dir.File("s.sock"), dir.File("py.sock"), "ping", showSender: true);

        Assert.True(python.ExitCode == 0, python.ToString());
        Assert.Equal($"pong:ping|{dir.File("s.sock")}", python.StandardOutput.Trim());
        Assert.Equal([UnixSocketAddress.FromPath(dir.File("py.sock"))], senders);
    }

    [Fact]
    public async Task Logger_DatagramArrivesIntact()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("log.sock"));
        var collector = DatagramCollector.Start(server);
        var text = $"hello from logger {Guid.NewGuid():N}";

        var logger = await ExternalProcess.RunAsync("logger", "-u", dir.File("log.sock"), "-d", "--socket-errors=on", "-p", "user.notice", "-t", "udgtest", text);

        Assert.True(logger.ExitCode == 0, logger.ToString());
        var received = await collector.NextAsync();
        Assert.StartsWith("<13>", received.Text, StringComparison.Ordinal);
        Assert.EndsWith($" udgtest: {text}", received.Text, StringComparison.Ordinal);
        Assert.Matches(@"^<13>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d udgtest: hello from logger [0-9a-f]{32}$", received.Text);
        Assert.False(received.IsTruncated);
        Assert.Equal(received.Payload.Length, received.DatagramLength);
    }

    [Fact]
    public async Task Logger_MissingSocket_ExitsNonZeroNamingIt()
    {
        using var dir = new TempDirectory();

        var logger = await ExternalProcess.RunAsync("logger", "-u", dir.File("missing.sock"), "-d", "--socket-errors=on", "x");

        Assert.NotEqual(0, logger.ExitCode);
        Assert.Contains(dir.File("missing.sock"), logger.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PythonAsNobody_Mode0600Socket_IsRefusedWithEACCES()
    {
        using var dir = new TempDirectory().OpenToOthers();
        using var server = new UnixDatagramSocket();
        server.Bind(UnixSocketAddress.FromPath(dir.File("private.sock")), new UnixSocketFileOptions { Mode = Mode0600 });

        var python = await ExternalProcess.PythonAsNobodyAsync(PythonPeers.SendUnbound, dir.File("private.sock"), Convert.ToHexString("let me in"u8));

        Assert.True(python.ExitCode == 13, python.ToString());
        Assert.Contains("Permission denied", python.StandardError, StringComparison.Ordinal);
        Assert.False(server.TryReceive(new byte[16], out _));
    }

    [Fact]
    public async Task PythonAsNobody_Mode0666Socket_GetsThrough()
    {
        using var dir = new TempDirectory().OpenToOthers();
        using var server = new UnixDatagramSocket();
        server.Bind(UnixSocketAddress.FromPath(dir.File("public.sock")), new UnixSocketFileOptions { Mode = Mode0666 });

        var python = await ExternalProcess.PythonAsNobodyAsync(PythonPeers.SendUnbound, dir.File("public.sock"), Convert.ToHexString("hello"u8));

        Assert.True(python.ExitCode == 0, python.ToString());
        var buffer = new byte[16];
        var result = await server.ReceiveAsync(buffer).Within();
        Assert.Equal("hello"u8.ToArray(), buffer[..result.Length]);
    }

    [Fact]
    public async Task PythonAsNobody_SocketChownedToNobody_Mode0600_GetsThrough()
    {
        using var dir = new TempDirectory().OpenToOthers();
        using var server = new UnixDatagramSocket();
        server.Bind(UnixSocketAddress.FromPath(dir.File("theirs.sock")), new UnixSocketFileOptions { Mode = Mode0600, UserId = ExternalProcess.Nobody });

        var python = await ExternalProcess.PythonAsNobodyAsync(PythonPeers.SendUnbound, dir.File("theirs.sock"), Convert.ToHexString("mine now"u8));

        Assert.True(python.ExitCode == 0, python.ToString());
        var result = await server.ReceiveAsync(new byte[16]).Within();
        Assert.Equal(8, result.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Python_PassesFileDescriptors_LoopClosesThem(bool passCredentials)
    {
        using var dir = new TempDirectory();
        using var server = new UnixDatagramSocket { PassCredentials = passCredentials };
        server.Bind(dir.File("s.sock"));
        var collector = DatagramCollector.Start(server);

        var python = await ExternalProcess.PythonAsync(PassDescriptorScript, dir.File("s.sock"));

        Assert.True(python.ExitCode == 0, "the descriptors sent with the datagram stayed open in the receiver: " + python);
        Assert.Equal("fd", (await collector.NextAsync()).Text);
    }

    [Fact]
    public async Task Python_PassesFileDescriptors_ReceiveAsyncClosesThem()
    {
        using var dir = new TempDirectory();
        using var server = Bound(dir.File("s.sock"));
        var buffer = new byte[8];
        var receive = server.ReceiveAsync(buffer).AsTask();

        var python = ExternalProcess.PythonAsync(PassDescriptorScript, dir.File("s.sock"));
        await Task.WhenAny(receive, python).Within();
        if (python.IsCompleted)
        {
            // Python cannot finish before the receive unless it failed: say how.
            var early = await python;
            Assert.Fail("python finished before the datagram was received: " + early);
        }

        var result = await receive.Within();

        Assert.Equal(2, result.Length);
        var exited = await python;
        Assert.True(exited.ExitCode == 0, "the descriptors sent with the datagram stayed open in the receiver: " + exited);
    }
}
