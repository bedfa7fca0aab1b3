using System.Diagnostics;
using System.Text;
using UnixDatagram.Transport;

namespace UnixDatagram.Bench.Soak;

/// <summary>The senders: steady load, peers that never read their replies, forged names, a flood from another uid.</summary>
internal sealed class Load(string directory)
{
    private long _sent;
    private long _congested;

    public long Sent => Interlocked.Read(ref _sent);

    public long Congested => Interlocked.Read(ref _congested);

    /// <summary>Sends about <paramref name="perSecond"/> datagrams a second (0: as fast as the kernel takes them).</summary>
    public async Task SteadyAsync(string socket, CancellationToken stop, int perSecond = 0)
    {
        using var client = new UnixDatagramSocket();
        client.Connect(Path.Join(directory, socket));
        var payload = new byte[200];
        var started = Stopwatch.GetTimestamp();
        long n = 0;
        while (!stop.IsCancellationRequested)
        {
            if (client.Send(payload) == SendStatus.Sent)
            {
                Interlocked.Increment(ref _sent);
                n++;
            }
            else
            {
                Interlocked.Increment(ref _congested);
                await WaitAsync(client.WaitWritableAsync(stop)).ConfigureAwait(false);
            }

            if (perSecond > 0 && n % 100 == 0)
            {
                var due = TimeSpan.FromSeconds((double)n / perSecond) - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await WaitAsync(Task.Delay(due, stop)).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Peers bound to abstract names that send to an echo endpoint and never read a reply.</summary>
    public async Task NonReadingRepliersAsync(string socket, int peers, CancellationToken stop)
    {
        var sockets = Enumerable.Range(0, peers).Select(i =>
        {
            var s = new UnixDatagramSocket();
            s.Bind(UnixSocketAddress.FromAbstractName($"soak-never-reads-{Environment.ProcessId}-{i}"));
            s.Connect(Path.Join(directory, socket));
            return s;
        }).ToArray();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var s in sockets)
                {
                    if (s.Send("never read"u8) == SendStatus.Sent)
                    {
                        Interlocked.Increment(ref _sent);
                    }
                }

                await WaitAsync(Task.Delay(1, stop)).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var s in sockets)
            {
                s.Dispose();
            }
        }
    }

    /// <summary>Senders whose abstract names carry newlines, ESC and bytes that are not UTF-8, to an endpoint whose allow-list rejects them.</summary>
    public async Task ForgedNamesAsync(string socket, CancellationToken stop)
    {
        var i = 0;
        while (!stop.IsCancellationRequested)
        {
            byte[] name = [.. Encoding.UTF8.GetBytes($"x\n<0>00:00:00.000 FTL Forged {i++}\n\u001b[2J"), 0xFF, 0xE9];
            using var s = new UnixDatagramSocket();
            s.Bind(UnixSocketAddress.FromBytes(UnixAddressKind.Abstract, name));
            if (s.SendTo("forged"u8, Path.Join(directory, socket)) == SendStatus.Sent)
            {
                Interlocked.Increment(ref _sent);
            }

            await WaitAsync(Task.Delay(1, stop)).ConfigureAwait(false);
        }
    }

    /// <summary>python3 as uid 65534 flooding an endpoint with a per-sender rate limit, restarted until the end.</summary>
    public async Task FloodAsNobodyAsync(string socket, CancellationToken stop)
    {
        const string Script = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            n = 0
            try:
                for i in range(50000):
                    s.sendto(b'flood', sys.argv[1]); n += 1
            finally:
                print(n, flush=True)
            """;
        while (!stop.IsCancellationRequested)
        {
            var start = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", Script, Path.Join(directory, socket)])
            {
                start.ArgumentList.Add(a);
            }

            // Each run is short (50000 datagrams), so the last one is let finish and counted.
            using var process = Process.Start(start)!;
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);

            if (long.TryParse((await process.StandardOutput.ReadToEndAsync(CancellationToken.None).ConfigureAwait(false)).Trim(), out var n))
            {
                Interlocked.Add(ref _sent, n);
            }
        }
    }

    private static async Task WaitAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
