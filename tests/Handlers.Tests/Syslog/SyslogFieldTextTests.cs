namespace UnixDatagram.Handlers.Tests.Syslog;

/// <summary>The header fields a sender repeats in every message are decoded once, not once per message.</summary>
public sealed class SyslogFieldTextTests
{
    [Fact]
    public void Parse_SameSenderTwice_SharesAppNameAndProcessId()
    {
        var first = SyslogParser.Parse("<14>Nov 30 14:20:00 host bench[4242]: message 1"u8);
        var second = SyslogParser.Parse("<14>Nov 30 14:20:01 host bench[4242]: message 2"u8);

        Assert.Equal("bench", second.AppName);
        Assert.Equal("4242", second.ProcessId);
        Assert.Equal("host", second.Hostname);
        Assert.Same(first.AppName, second.AppName);
        Assert.Same(first.ProcessId, second.ProcessId);
        Assert.Same(first.Hostname, second.Hostname);
    }

    [Fact]
    public void Parse_FieldChanges_ReadsTheNewField()
    {
        var first = SyslogParser.Parse("<13>1 - host1 app1 17 - - one"u8);
        var second = SyslogParser.Parse("<13>1 - host2 app1 18 - - two"u8);
        var third = SyslogParser.Parse("<13>1 - - - - - - three"u8);

        Assert.Equal(("host1", "app1", "17"), (first.Hostname, first.AppName, first.ProcessId));
        Assert.Equal(("host2", "app1", "18"), (second.Hostname, second.AppName, second.ProcessId));
        Assert.Same(first.AppName, second.AppName);
        Assert.Equal((null, null, null), (third.Hostname, third.AppName, third.ProcessId));
    }
}
