using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using static UnixDatagram.Hosting.Tests.EndpointConfig;

namespace UnixDatagram.Hosting.Tests.Reload;

/// <summary>
/// Reload requests coalesce: those made while a reload runs (real <c>reload</c> requests on the control socket from
/// Python clients, and a caller of <see cref="IDatagramDaemonReloader"/>) join one reload after it, which reads the
/// configuration as it is after they asked; the one running keeps its own outcome.
/// </summary>
public sealed class ReloadCoalescingTests
{
    private const int Clients = 20;

    /// <summary>argv: control path, count. One socket per request (each bound to an abstract name), each sends 'reload'; says 'sent', waits for a line, then prints each reply on a line of its own.</summary>
    private const string AskReloadMany = """
        import os, socket, sys
        socks = []
        for i in range(int(sys.argv[2])):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.bind('\0udg-reload-%d-%d' % (os.getpid(), i))
            s.settimeout(60)
            s.sendto(b'reload', sys.argv[1])
            socks.append(s)
        print('sent', flush=True)
        sys.stdin.readline()
        for s in socks:
            print('REPLY ' + s.recv(65536).decode(), flush=True)
        print('done', flush=True)
        """;

    [Fact]
    public async Task Reload_ManyRequestsWhileOneRuns_OneMoreReloadReadingTheNewConfigurationAnswersThemAll()
    {
        var gate = new GateHandler();
        var first = Settings("QueueCapacity=4");
        await using var host = ListenerHost.CreateReloadable(first, ("gate", gate));
        await host.StartAsync();
        var reloader = host.Host.Services.GetRequiredService<IDatagramDaemonReloader>();
        var configuration = host.Host.Services.GetRequiredService<IConfiguration>();

        // A datagram held in the handler: a reload that changes the endpoint waits until its old dispatch is done.
        var held = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, host.Path("steady.sock"), "6869");
        Assert.True(held.ExitCode == 0, held.ToString());
        await gate.WaitEnteredAsync(1).Within();

        var read = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = ChangeToken.OnChange(configuration.GetReloadToken, () => read.TrySetResult());
        host.Write(Settings("QueueCapacity=16"));
        var running = reloader.ReloadAsync();
        await read.Task.Within();

        // The running reload has read its configuration; the file changes again, then the requests come.
        host.Write(Merge(Settings("QueueCapacity=16"), Endpoint(1, "extra", "extra.sock", ["gate"])));
        await using var clients = ChildProcess.Start(ExternalProcess.Python, ["-c", AskReloadMany, host.Path("control.sock"), Clients.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await clients.WaitForLineAsync("sent");
        var caller = reloader.ReloadAsync();

        // The control loop is sequential: once root's stats is answered, every reload request before it was made.
        using (await ControlClient.AskAsync(host.Path("control.sock"), "stats"))
        {
        }

        Assert.False(running.IsCompleted);
        gate.Open();
        var firstResult = await running.Within();
        var next = await caller.Within();
        await clients.WriteLineAsync("go");
        await clients.WaitForLineAsync("done");

        Assert.True(firstResult.Succeeded, firstResult.Message);
        Assert.Contains("changed steady", firstResult.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("extra", firstResult.Message, StringComparison.Ordinal);
        Assert.True(next.Succeeded, next.Message);
        Assert.Contains("added extra", next.Message, StringComparison.Ordinal);
        var replies = clients.StandardOutput.Split('\n').Where(l => l.StartsWith("REPLY ", StringComparison.Ordinal)).ToList();
        Assert.Equal(Clients, replies.Count);
        foreach (var reply in replies)
        {
            using var answer = JsonDocument.Parse(reply["REPLY ".Length..]);
            Assert.Equal("ok", answer.RootElement.GetProperty("status").GetString());
            Assert.Equal(next.Message, answer.RootElement.GetProperty("message").GetString());
        }

        // Twenty-two requests, two reloads: the one running and the one they joined.
        Assert.Equal(2, host.Log.Messages(1300).Count());
        Assert.Equal(2, host.Log.Messages(1301).Count());
        Assert.True(File.Exists(host.Path("extra.sock")));
    }

    [Fact]
    public async Task Reload_CallerStopsWaitingBeforeItsReloadBegins_ThatReloadIsNotRun()
    {
        var gate = new GateHandler();
        await using var host = ListenerHost.CreateReloadable(Settings("QueueCapacity=4"), ("gate", gate));
        await host.StartAsync();
        var reloader = host.Host.Services.GetRequiredService<IDatagramDaemonReloader>();
        var held = await ExternalProcess.PythonAsync(PythonPeers.SendUnbound, host.Path("steady.sock"), "6869");
        Assert.True(held.ExitCode == 0, held.ToString());
        await gate.WaitEnteredAsync(1).Within();
        host.Write(Settings("QueueCapacity=16"));
        var running = reloader.ReloadAsync();
        using var giveUp = new CancellationTokenSource();
        var waiting = reloader.ReloadAsync(giveUp.Token);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Within());
        gate.Open();

        Assert.True((await running.Within()).Succeeded);
        Assert.True((await host.ReloadAsync()).Succeeded);
        Assert.Equal(2, host.Log.Messages(1300).Count());
    }

    /// <summary>Endpoint 'steady' with the gate handler and <paramref name="extra"/>, a control socket, and a stop long enough that the held datagram is never cancelled.</summary>
    private static Dictionary<string, string?> Settings(params string[] extra)
    {
        var settings = Endpoint(0, "steady", "steady.sock", ["gate"], extra);
        settings["Daemon:ControlPath"] = "control.sock";
        settings["Daemon:ShutdownTimeout"] = "00:05:00";
        return settings;
    }
}
