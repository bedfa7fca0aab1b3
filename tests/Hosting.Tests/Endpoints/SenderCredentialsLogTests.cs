using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests.Endpoints;

/// <summary>
/// Every warning or error about one datagram names its sender with the kernel-verified credentials, as the text and as
/// the field <c>Credentials</c>, as the rejection (1104) does: an attacker that keeps an endpoint Degraded is named.
/// The senders are python as uid 65534.
/// </summary>
public sealed class SenderCredentialsLogTests
{
    [Fact]
    public async Task Truncated_FromNobody_WarningNamesItsCredentials()
    {
        var recorder = new RecordingHandler();
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"], "MaxDatagramSize=16", "WhenTruncated=Drop", "Mode=0666"),
            ("record", recorder));
        daemon.Directory.OpenToOthers();
        await daemon.StartAsync();

        var nobody = await SendAsNobodyAsync(daemon.Path("ingest.sock"), Payloads.Oversized());
        await daemon.Log.WaitForAsync(1103).Within();
        await daemon.StopAsync().Within();

        AssertNamesNobody(Assert.Single(daemon.Log.Events(1103)), nobody.ProcessId, "from (unnamed) ");
    }

    [Fact]
    public async Task HandlerFailed_FromNobody_ErrorNamesItsCredentials()
    {
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("ingest", "ingest.sock", ["flaky"], "Mode=0666"), ("flaky", new FlakyHandler()));
        daemon.Directory.OpenToOthers();
        await daemon.StartAsync();

        // FlakyHandler refuses datagram number 1.
        var nobody = await SendAsNobodyAsync(daemon.Path("ingest.sock"), Payloads.Number(1));
        await daemon.Log.WaitForAsync(1100).Within();
        await daemon.StopAsync().Within();

        AssertNamesNobody(Assert.Single(daemon.Log.Events(1100)), nobody.ProcessId, "for a datagram from (unnamed) ");
        Assert.Equal(1, daemon.Endpoint("ingest").Failed);
    }

    [Fact]
    public async Task HandlerTimedOut_FromNobody_WarningNamesItsCredentials()
    {
        var timeout = TimeSpan.FromSeconds(5);
        var stalling = new StallingHandler();
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("ingest", "ingest.sock", ["stall"], "HandlerTimeout=00:00:05", "Mode=0666"), ("stall", stalling));
        daemon.Directory.OpenToOthers();
        await daemon.StartAsync();

        var nobody = await SendAsNobodyAsync(daemon.Path("ingest.sock"), "stall"u8.ToArray());
        await stalling.Stalled.Within();
        await daemon.Clock.ArmedAsync(timeout).Within();
        daemon.Clock.Advance(timeout);
        await daemon.Log.WaitForAsync(1101).Within();
        await daemon.StopAsync().Within();

        AssertNamesNobody(Assert.Single(daemon.Log.Events(1101)), nobody.ProcessId, "(datagram from (unnamed) ");
        Assert.Equal(1, daemon.Endpoint("ingest").TimedOut);
    }

    [Fact]
    public async Task EchoToUnnamedSender_FromNobody_WarningNamesItsCredentials()
    {
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("echo", "echo.sock", [BuiltInHandlerNames.Echo], "Mode=0666"));
        daemon.Directory.OpenToOthers();
        await daemon.StartAsync();

        var nobody = await SendAsNobodyAsync(daemon.Path("echo.sock"), "hello"u8.ToArray());
        await daemon.Log.WaitForAsync(2010).Within();
        await daemon.StopAsync().Within();

        AssertNamesNobody(Assert.Single(daemon.Log.Events(2010)), nobody.ProcessId, "datagram from (unnamed) ");
    }

    /// <summary>Sends <paramref name="payload"/> from an unbound socket as uid 65534; the result carries its pid.</summary>
    private static async Task<CommandResult> SendAsNobodyAsync(string path, byte[] payload)
    {
        var nobody = await ExternalProcess.PythonAsNobodyAsync(PythonPeers.SendUnbound, path, Convert.ToHexString(payload)).Within();
        Assert.True(nobody.Succeeded, nobody.ToString());
        return nobody;
    }

    private static void AssertNamesNobody(LogEntry entry, int processId, string before)
    {
        var credentials = $"pid={processId} uid={Attacker.UserId} gid={Attacker.UserId}";
        Assert.Equal(credentials, entry["Credentials"]);
        Assert.Contains($"{before}({credentials})", entry.Message, StringComparison.Ordinal);
    }
}
