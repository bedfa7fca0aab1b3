using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests.Endpoints;

/// <summary>
/// The built-in syslog handlers in a real host: every datagram is handled with a record, or counted as failed; none
/// is counted as handled while its record is missing.
/// </summary>
public sealed class SyslogLossTests
{
    [Fact]
    public async Task SyslogHandler_FiveMalformedInABurstFromNobody_EachLoggedAndCounted()
    {
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("sys", "sys.sock", [BuiltInHandlerNames.Syslog], "Mode=0666"));
        daemon.Directory.OpenToOthers();
        using var malformed = new ObservedCounter(daemon, "unixdgram.syslog.malformed");
        await daemon.StartAsync();

        await Attacker.RunAsync(
            ExternalProcess.Python, "-c",
            "import socket, sys\ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\nfor i in range(5): s.sendto(b'<999999999999>MARKER-%d odd but real' % i, sys.argv[1])",
            daemon.Path("sys.sock"));
        await daemon.Log.WaitForAsync(2033, 5).Within();
        await daemon.StopAsync().Within();

        var records = daemon.Log.Events(2033);
        Assert.Equal(5, records.Count);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal($"<999999999999>MARKER-{i} odd but real", records[i]["Raw"]);
            Assert.Equal(Attacker.UserId, records[i]["Uid"]);
            Assert.Contains("PRI", (string)records[i]["Reason"]!, StringComparison.Ordinal);
        }

        Assert.Equal(5, daemon.Endpoint("sys").Handled);
        Assert.Equal(5L, malformed.Read());
    }
}
