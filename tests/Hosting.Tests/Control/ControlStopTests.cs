using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Control;

/// <summary>
/// A control request that comes as the daemon stops is answered, never left to its client's timeout: the one being
/// answered and those still queued get <c>{"status": "stopping", ...}</c>, and nothing is carried out for them.
/// </summary>
public sealed class ControlStopTests
{
    [Fact]
    public async Task Stop_RequestBeingAnsweredAndRequestsQueued_EachAnsweredStoppingNothingCarriedOut()
    {
        using var directory = new TempDirectory();
        var check = new BlockingHealthCheck();
        var settings = EndpointConfig.Endpoint("ingest", "in.sock", ["log"]);
        settings["Daemon:ControlPath"] = "control.sock";
        using var host = DaemonHost.Build(directory.Path, settings, services: s => s.AddHealthChecks().AddCheck("blocking", check));
        await host.StartAsync().Within();
        var control = directory.File("control.sock");

        // The control loop answers one request at a time: while the health check blocks it, the others queue.
        using var health = Requester(control, "health");
        await check.Entered.Task.Within();
        using var stats = Requester(control, "stats");
        using var reload = Requester(control, "reload");
        using var unknown = Requester(control, "shutdown now");

        await host.StopAsync().Within();

        Assert.Equal("the health request was cancelled before it was answered", await StoppingReplyAsync(health));
        Assert.Equal("the stats request came as the daemon was stopping; nothing was carried out", await StoppingReplyAsync(stats));
        Assert.Equal("the reload request came as the daemon was stopping; nothing was carried out", await StoppingReplyAsync(reload));
        Assert.Equal("the unknown request came as the daemon was stopping; nothing was carried out", await StoppingReplyAsync(unknown));
        Assert.Equal(1, check.Calls);
    }

    [Fact]
    public async Task Stop_RequestFromAnotherUserQueued_StillNotAnsweredButCounted()
    {
        using var directory = new TempDirectory();
        var check = new BlockingHealthCheck();
        var settings = EndpointConfig.Endpoint("ingest", "in.sock", ["log"]);
        settings["Daemon:ControlPath"] = "control.sock";
        settings["Daemon:ControlAllowedUserIds:0"] = "1"; // 0666 file: uid 65534 may send, not be answered
        using var host = DaemonHost.Build(directory.Path, settings, services: s => s.AddHealthChecks().AddCheck("blocking", check));
        await host.StartAsync().Within();
        var control = directory.File("control.sock");
        File.SetUnixFileMode(directory.Path, (UnixFileMode)Convert.ToInt32("0755", 8));

        using var health = Requester(control, "health");
        await check.Entered.Task.Within();
        await using var attacker = Attacker.Start(ExternalProcess.Python, "-c", AskAndWait, control);
        await attacker.WaitForLineAsync("sent");
        var statistics = host.Services.GetRequiredService<DaemonStatistics>();

        await host.StopAsync().Within();
        await attacker.WriteLineAsync("go");

        await attacker.WaitForLineAsync("NONE");
        Assert.Equal("the health request was cancelled before it was answered", await StoppingReplyAsync(health));
        Assert.Equal(1, statistics.Control.Rejected);
    }

    /// <summary>argv: control path. Binds an abstract name, asks 'stats', waits for a line on stdin, then says whether an answer came.</summary>
    private const string AskAndWait = """
        import os, socket, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind('\0udg-stop-attacker-%d' % os.getpid())
        s.sendto(b'stats', sys.argv[1])
        print('sent', flush=True)
        sys.stdin.readline()
        s.setblocking(False)
        try:
            print('ANSWER ' + s.recv(65536).decode(errors='replace'), flush=True)
        except BlockingIOError:
            print('NONE', flush=True)
        """;

    private static UnixDatagramSocket Requester(string control, string request)
    {
        var socket = TestSockets.Bound(UnixSocketAddress.FromAbstractName("udg-stop-" + Guid.NewGuid().ToString("N")));
        socket.Connect(control);
        Assert.Equal(SendStatus.Sent, socket.Send(Encoding.UTF8.GetBytes(request)));
        return socket;
    }

    private static async Task<string> StoppingReplyAsync(UnixDatagramSocket requester)
    {
        var buffer = new byte[4096];
        var answer = await requester.ReceiveAsync(buffer).AsTask().Within();
        using var reply = JsonDocument.Parse(buffer.AsMemory(0, answer.Length));
        Assert.Equal("stopping", reply.RootElement.GetProperty("status").GetString());
        return reply.RootElement.GetProperty("error").GetString()!;
    }

    /// <summary>A health check that never finishes on its own: it waits until its run is cancelled.</summary>
    private sealed class BlockingHealthCheck : IHealthCheck
    {
        private int _calls;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref _calls);

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return HealthCheckResult.Healthy();
        }
    }
}
