using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests.Listener;

public sealed class DatagramListenerServiceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Ordered_ThousandDatagramsThroughCongestion_HandledInOrder()
    {
        using var dir = new TempDirectory();
        var recorder = new RecordingHandler();
        using var host = DaemonHost.Build(dir.Path, new Dictionary<string, string?>
        {
            ["Daemon:Endpoints:0:Name"] = "ingest",
            ["Daemon:Endpoints:0:Path"] = "ingest.sock",
            ["Daemon:Endpoints:0:Handlers:0"] = "record",
        }, d => d.AddHandler<RecordingHandler>("record"), s => s.AddKeyedSingleton<Handlers.IDatagramHandler>("record", recorder));
        await host.StartAsync().WaitAsync(Timeout);
        recorder.Expect(1000);
        using (var client = new UnixDatagramSocket())
        {
            client.Connect(dir.File("ingest.sock"));
            for (var i = 0; i < 1000; i++)
            {
                await client.SendAsync(BitConverter.GetBytes(i)).AsTask().WaitAsync(Timeout);
            }
        }

        await recorder.Reached.WaitAsync(Timeout);
        Assert.Equal(Enumerable.Range(0, 1000), recorder.Payloads.Select(p => BitConverter.ToInt32(p)));
        await host.StopAsync().WaitAsync(Timeout);
        Assert.False(File.Exists(dir.File("ingest.sock")));
    }
}
