using System.Diagnostics;
using System.Text;
using CsCheck;

namespace UnixDatagram.Transport.Tests;

/// <summary>
/// Addresses are the raw <c>sun_path</c> bytes a sender chose, which need not be UTF-8: a reply must reach exactly
/// that name, and what is shown of it must be one escaped line.
/// </summary>
public sealed class AddressBytesTests
{
    /// <summary>
    /// Reads lines <c>KIND HEX</c> (KIND <c>p</c>: a file named by the bytes in argv[2]; <c>a</c>: the abstract name
    /// of the bytes), binds a socket there, sends the hex to argv[1], waits for the reply and prints <c>ok HEX</c>,
    /// <c>inuse</c>, or <c>fail REASON</c>; removes the file it made.
    /// </summary>
    private const string ReplyScript = """
        import os, socket, sys
        server, directory = sys.argv[1], os.fsencode(sys.argv[2])
        for line in sys.stdin:
            kind, name = line.split()
            raw = bytes.fromhex(name)
            address = b'\0' + raw if kind == 'a' else os.path.join(directory, raw)
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            try:
                s.bind(address)
            except OSError as e:
                print('inuse' if e.errno == 98 else 'fail bind ' + str(e), flush=True)
                s.close()
                continue
            try:
                s.settimeout(10)
                s.sendto(name.encode(), server)
                data, _ = s.recvfrom(512)
                print('ok ' + data.decode(), flush=True)
            except OSError as e:
                print('fail ' + str(e), flush=True)
            finally:
                s.close()
                if kind == 'p':
                    os.unlink(address)
        """;

    [Theory]
    [InlineData("p", "636166e92e736f636b")]          // caf\xe9.sock: Latin-1, not UTF-8
    [InlineData("a", "636c69ff656e74")]              // @cli\xffent
    [InlineData("a", "780a3c303e466f72676564")]      // @x\n<0>Forged: a newline and a syslog priority
    [InlineData("a", "1b5b324a00ff")]                // ESC [2J, a NUL, 0xff
    [InlineData("a", "4078207069643d31207569643d30")] // @@x pid=1 uid=0: look-alike fields after spaces
    [InlineData("p", "6120e28082622e736f636b")]      // a b.sock, with a plain space and an en space (U+2002)
    public async Task Reply_SenderNameNotUtf8_ReachesExactlyThatName(string kind, string hex)
    {
        using var dir = new TempDirectory();
        using var echo = EchoServer.Start(dir.File("s.sock"));
        await using var client = ReplyClient.Start(dir);

        var answer = await client.RoundTripAsync(kind, hex);

        Assert.Equal($"ok {hex}", answer);
        var sender = Assert.Single(echo.Senders);
        Assert.Equal(Expected(dir, kind, Convert.FromHexString(hex)), sender.NameBytes.ToArray());
        Assert.Equal(kind == "a" ? UnixAddressKind.Abstract : UnixAddressKind.Path, sender.Kind);
        AssertOneEscapedLine(sender.ToString());
    }

    [Fact]
    public async Task Reply_AnyBytesTheKernelAcceptsInSunPath_SurviveReceiveAndReply()
    {
        using var dir = new TempDirectory();
        using var echo = EchoServer.Start(dir.File("s.sock"));
        await using var client = ReplyClient.Start(dir);

        // Abstract: any bytes, 1 to 107. Path: a file name in the temporary directory, no NUL and no '/', not . or ..
        var room = UnixSocketAddress.MaxPathBytes - Encoding.UTF8.GetByteCount(dir.Path) - 1;
        var abstractNames = Gen.Byte.Array[1, UnixSocketAddress.MaxPathBytes].Select(b => ("a", b));
        var fileNames = Gen.Byte[1, 255].Where(b => b != (byte)'/').Array[1, Math.Min(room, 60)]
            .Where(b => b is not [(byte)'.'] and not [(byte)'.', (byte)'.']).Select(b => ("p", b));
        var skipped = 0;
        Gen.OneOf(abstractNames, fileNames).Sample(sample =>
        {
            var (kind, bytes) = sample;
            var hex = Convert.ToHexStringLower(bytes);
            var answer = client.RoundTripAsync(kind, hex).GetAwaiter().GetResult();
            if (answer == "inuse")
            {
                skipped++;
                return;
            }

            Assert.Equal($"ok {hex}", answer);
            var sender = echo.Senders.Last();
            Assert.Equal(Expected(dir, kind, bytes), sender.NameBytes.ToArray());
            AssertOneEscapedLine(sender.ToString());
        }, iter: 300, threads: 1, print: s => $"{s.Item1} {Convert.ToHexStringLower(s.Item2)}");

        Assert.True(skipped < 10, $"{skipped} names were taken by other sockets");
    }

    /// <summary>A sender binds a relative path (to its own directory) or types escapes: its address still reads as its own, never as another kind or a field.</summary>
    [Theory]
    [InlineData("(unnamed)", "./(unnamed)")]
    [InlineData("pid=1", "./pid=1")]
    [InlineData("@host", "./@host")]
    [InlineData("a\\x20uid=0", "./a\\\\x20uid=0")]
    [InlineData("/run/x.sock", "/run/x.sock")]
    public void ToString_RelativePathOrTypedEscape_CannotPassForAnotherAddressOrAField(string path, string expected)
    {
        Assert.Equal(expected, UnixSocketAddress.FromBytes(UnixAddressKind.Path, System.Text.Encoding.UTF8.GetBytes(path)).ToString());
    }

    [Fact]
    public void Equality_UsesBytes_NotTheirLossyDecoding()
    {
        var e9 = UnixSocketAddress.FromBytes(UnixAddressKind.Abstract, [0x63, 0xE9]);
        var ff = UnixSocketAddress.FromBytes(UnixAddressKind.Abstract, [0x63, 0xFF]);

        Assert.Equal(e9.Value, ff.Value);
        Assert.NotEqual(e9, ff);
        Assert.Equal("@c\\xe9", e9.ToString());
        Assert.Equal("@@x\\x20pid=1\\x20uid=0", UnixSocketAddress.FromAbstractName("@x pid=1 uid=0").ToString());
        Assert.Equal("/run/a\\x20b.sock", UnixSocketAddress.Parse("/run/a b.sock").ToString());
        Assert.Equal(e9, UnixSocketAddress.FromBytes(UnixAddressKind.Abstract, [0x63, 0xE9]));
        Assert.Equal(e9.GetHashCode(), UnixSocketAddress.FromBytes(UnixAddressKind.Abstract, [0x63, 0xE9]).GetHashCode());
    }

    [Fact]
    public void FromBytes_PathWithNul_FailsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => UnixSocketAddress.FromBytes(UnixAddressKind.Path, "a\0b"u8));

        Assert.Contains("a\\0b", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The sun_path bytes: the name itself for an abstract name, the directory, '/' and the name for a file.</summary>
    private static byte[] Expected(TempDirectory dir, string kind, byte[] name) =>
        kind == "a" ? name : [.. Encoding.UTF8.GetBytes(dir.Path), (byte)'/', .. name];

    /// <summary>One line and one token: no control character, and no space of any kind to end the token early.</summary>
    private static void AssertOneEscapedLine(string text)
    {
        Assert.DoesNotContain(text, char.IsControl);
        Assert.DoesNotContain(text, char.IsWhiteSpace);
    }

    /// <summary>Replies every datagram's payload to its sender and records the senders.</summary>
    private sealed class EchoServer : IDisposable
    {
        private readonly UnixDatagramSocket _socket = new();

        public List<UnixSocketAddress> Senders { get; } = [];

        public static EchoServer Start(string path)
        {
            var server = new EchoServer();
            server._socket.Bind(path);
            server._socket.Message += (_, e) =>
            {
                lock (server.Senders)
                {
                    server.Senders.Add(e.Sender);
                }

                server._socket.SendTo(e.Payload.Span, e.Sender);
            };
            server._socket.StartReceiving();
            return server;
        }

        public void Dispose() => _socket.Dispose();
    }

    /// <summary>One python3 process that binds each name it is given and reports whether our reply reached it.</summary>
    private sealed class ReplyClient : IAsyncDisposable
    {
        private readonly Process _process;

        private ReplyClient(Process process) => _process = process;

        public static ReplyClient Start(TempDirectory dir)
        {
            var start = new ProcessStartInfo(ExternalProcess.Python)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])["-c", ReplyScript, dir.File("s.sock"), dir.Path])
            {
                start.ArgumentList.Add(argument);
            }

            return new ReplyClient(ForkGate.Spawn(() => Process.Start(start)) ?? throw new InvalidOperationException("python3 did not start."));
        }

        public async Task<string> RoundTripAsync(string kind, string hex)
        {
            await _process.StandardInput.WriteLineAsync($"{kind} {hex}").ConfigureAwait(false);
            await _process.StandardInput.FlushAsync().ConfigureAwait(false);
            return await _process.StandardOutput.ReadLineAsync().WaitAsync(TestWait.Timeout).ConfigureAwait(false)
                ?? throw new InvalidOperationException("python3 exited early.");
        }

        public async ValueTask DisposeAsync()
        {
            _process.StandardInput.Close();
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TestWait.Timeout).ConfigureAwait(false);
            }
            finally
            {
                if (!_process.HasExited)
                {
                    _process.Kill();
                }

                _process.Dispose();
            }
        }
    }
}
