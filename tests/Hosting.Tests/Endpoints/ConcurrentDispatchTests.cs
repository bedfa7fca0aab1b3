using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Endpoints;

public sealed class ConcurrentDispatchTests
{
    [Fact]
    public async Task Concurrent_MaxConcurrencyFour_FourHandlersRunAtOnceAndAllAreHandled()
    {
        const int Count = 40;
        var probe = new ConcurrencyProbe(target: 4);
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["probe"], "Dispatch=Concurrent", "MaxConcurrency=4"),
            ("probe", probe));
        await daemon.StartAsync();
        using var client = daemon.Connect("ingest.sock");
        await TestSockets.SendNumbersAsync(client, 0, Count);

        // Only four handlers held at the gate at the same moment can complete this.
        await probe.AllInside.Within();
        probe.Open();
        await probe.WaitDoneAsync(Count).Within();

        Assert.Equal(4, probe.MostInside);
        Assert.Equal(Enumerable.Range(0, Count), Payloads.Numbers(probe.Done).Order());
        await daemon.StopAsync().Within();
        Assert.Equal(Count, daemon.Endpoint("ingest").Handled);
        Assert.Equal(0, daemon.Endpoint("ingest").Dropped);
    }
}
