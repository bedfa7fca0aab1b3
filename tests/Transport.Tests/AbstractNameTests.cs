namespace UnixDatagram.Transport.Tests;

public sealed class AbstractNameTests
{
    [Fact]
    public async Task BindAndSendTo_AbstractNames_SenderReportedAsAtName()
    {
        var serverName = TestNames.UniqueAbstractName("server");
        var clientName = TestNames.UniqueAbstractName("client");
        using var server = Bound(serverName);
        using var client = Bound(clientName);

        client.SendTo("abstract"u8, serverName);
        var buffer = new byte[32];
        var result = await server.ReceiveAsync(buffer).Within();

        Assert.Equal(UnixAddressKind.Abstract, result.Sender.Kind);
        Assert.Equal(clientName, result.Sender.ToString());
        Assert.Equal(UnixSocketAddress.Parse(serverName), server.LocalAddress);
    }

    [Fact]
    public async Task Connect_AbstractName_SendsAndTheReplyComesBack()
    {
        var serverName = TestNames.UniqueAbstractName("server");
        var clientName = TestNames.UniqueAbstractName("client");
        using var server = Bound(serverName);
        var collector = DatagramCollector.Start(server);
        using var client = Bound(clientName);
        client.Connect(serverName);

        client.Send("ping"u8);
        var request = await collector.NextAsync();
        server.SendTo("pong"u8, request.Sender);
        var buffer = new byte[8];
        var reply = await client.ReceiveAsync(buffer).Within();

        Assert.Equal(clientName, request.Sender.ToString());
        Assert.Equal("ping", request.Text);
        Assert.Equal(serverName, reply.Sender.ToString());
        Assert.Equal("pong"u8.ToArray(), buffer[..reply.Length]);
    }

    [Fact]
    public void Close_AbstractName_FreesTheName()
    {
        var name = TestNames.UniqueAbstractName("reuse");
        var first = new UnixDatagramSocket();
        first.Bind(name);
        using var probe = Connected(name);

        ForkGate.Close(first);

        Assert.Equal("ECONNREFUSED", Assert.Throws<UnixSocketException>(() => probe.Send("x"u8)).ErrorName);
        using var second = Bound(name);
        Assert.True(second.IsBound);
    }

    [Fact]
    public void Bind_AbstractNameInUse_SaysAnotherSocketHoldsIt()
    {
        var name = TestNames.UniqueAbstractName("taken");
        using var first = Bound(name);
        using var second = new UnixDatagramSocket();

        var thrown = Assert.Throws<UnixSocketException>(() => second.Bind(name));

        Assert.Equal("EADDRINUSE", thrown.ErrorName);
        Assert.Contains($"another socket already holds the abstract name '{name}'", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SendTo_MissingAbstractName_ThrowsSayingNoSocketHoldsIt()
    {
        var name = TestNames.UniqueAbstractName("missing");
        using var client = new UnixDatagramSocket();

        var thrown = Assert.Throws<UnixSocketException>(() => client.SendTo("x"u8, name));

        Assert.Equal("ECONNREFUSED", thrown.ErrorName);
        Assert.Contains($"no socket holds the abstract name '{name}'", thrown.Message, StringComparison.Ordinal);
    }
}
