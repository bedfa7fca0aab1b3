namespace UnixDatagram.Hosting.Tests.Architecture;

/// <summary>
/// Operators filter on log categories (Serilog overrides, <c>journalctl | grep</c>): a hosting type logs as
/// <c>UnixDatagram.Hosting.&lt;Type&gt;</c> whatever folder and namespace it lives in.
/// </summary>
public sealed class LogCategoryTests
{
    [Fact]
    public async Task StartAndStop_HostingTypes_LogUnderUnixDatagramHostingAndTypeName()
    {
        await using var daemon = ListenerHost.Create(EndpointConfig.Endpoint("ingest", "ingest.sock", ["record"]), ("record", new RecordingHandler()));
        await daemon.StartAsync();
        await daemon.StopAsync();

        var categories = daemon.Log.Entries.Select(e => e.Category).Where(c => c.StartsWith("UnixDatagram.Hosting", StringComparison.Ordinal)).ToHashSet();
        Assert.Contains("UnixDatagram.Hosting.EndpointBinder", categories);
        Assert.All(categories, c => Assert.DoesNotContain('.', c["UnixDatagram.Hosting.".Length..]));
    }
}
