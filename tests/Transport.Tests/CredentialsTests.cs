namespace UnixDatagram.Transport.Tests;

public sealed class CredentialsTests
{
    [Fact]
    public async Task ReceiveAsync_PassCredentialsOn_CarriesThisProcesssPidUidGid()
    {
        var name = TestNames.UniqueAbstractName("creds");
        using var server = new UnixDatagramSocket { PassCredentials = true };
        server.Bind(name);
        using var client = new UnixDatagramSocket();

        client.SendTo("who"u8, name);
        var result = await server.ReceiveAsync(new byte[8]).Within();

        var credentials = Assert.NotNull(result.Credentials);
        Assert.Equal(Environment.ProcessId, credentials.ProcessId);
        Assert.Equal(UnixProcess.UserId, credentials.UserId);
        Assert.Equal(UnixProcess.GroupId, credentials.GroupId);
    }

    [Fact]
    public async Task StartReceiving_PassCredentialsOn_EveryDatagramCarriesThisProcesssIds()
    {
        var name = TestNames.UniqueAbstractName("creds-loop");
        using var server = new UnixDatagramSocket { PassCredentials = true };
        server.Bind(name);
        var collector = DatagramCollector.Start(server);
        using var client = Connected(name);

        for (var i = 0; i < 5; i++)
        {
            client.Send("who"u8);
        }

        var received = await collector.NextAsync(5);
        Assert.All(received, r => Assert.Equal(new UnixCredentials(Environment.ProcessId, UnixProcess.UserId, UnixProcess.GroupId), r.Credentials));
    }

    [Fact]
    public async Task PassCredentialsOff_CredentialsAreNull()
    {
        var name = TestNames.UniqueAbstractName("nocreds");
        using var server = Bound(name);
        using var client = new UnixDatagramSocket();

        client.SendTo("1"u8, name);
        var direct = await server.ReceiveAsync(new byte[8]).Within();
        var collector = DatagramCollector.Start(server);
        client.SendTo("2"u8, name);
        var looped = await collector.NextAsync();

        Assert.Null(direct.Credentials);
        Assert.Null(looped.Credentials);
    }

    [Fact]
    public async Task PassCredentialsOn_SenderRunningAsNobody_CarriesUid65534AndItsPid()
    {
        var name = TestNames.UniqueAbstractName("nobody");
        using var server = new UnixDatagramSocket { PassCredentials = true };
        server.Bind(name);
        var collector = DatagramCollector.Start(server);

        var python = await ExternalProcess.PythonAsNobodyAsync(PythonPeers.SendUnbound, name, Convert.ToHexString("from nobody"u8));
        Assert.True(python.ExitCode == 0, python.ToString());
        var received = await collector.NextAsync();

        Assert.Equal("from nobody", received.Text);
        var credentials = Assert.NotNull(received.Credentials);
        Assert.Equal(ExternalProcess.Nobody, credentials.UserId);
        Assert.Equal(ExternalProcess.Nobody, credentials.GroupId);
        Assert.Equal(python.ProcessId, credentials.ProcessId);
    }

    /// <summary>
    /// Why PassCredentials goes on before Bind: a datagram queued while it was off carries no credentials (the kernel
    /// shows pid 0 and the overflow uid and gid, 65534), which must read as unknown, never as user 65534. As a socket
    /// systemd passes without PassCredentials=yes: the datagram that started the service.
    /// </summary>
    [Fact]
    public async Task PassCredentialsTurnedOnAfterADatagramWasQueued_ItsCredentialsAreUnknown()
    {
        var name = TestNames.UniqueAbstractName("late");
        using var server = Bound(name);
        using var client = new UnixDatagramSocket();
        client.SendTo("early"u8, name);

        server.PassCredentials = true;
        client.SendTo("late"u8, name);
        var early = await server.ReceiveAsync(new byte[8]).Within();
        var late = await server.ReceiveAsync(new byte[8]).Within();

        Assert.Null(early.Credentials);
        Assert.Equal(new UnixCredentials(Environment.ProcessId, UnixProcess.UserId, UnixProcess.GroupId), late.Credentials);
    }
}
