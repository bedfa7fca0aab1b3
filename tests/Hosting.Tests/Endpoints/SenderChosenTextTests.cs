using System.Text;
using UnixDatagram.Handlers;
using UnixDatagram.Hosting.Diagnostics;

namespace UnixDatagram.Hosting.Tests.Endpoints;

/// <summary>
/// What a local sender chooses (its abstract name, a payload a handler's exception repeats) cannot add look-alike
/// fields or lines to the daemon's log.
/// </summary>
public sealed class SenderChosenTextTests
{
    private const string ForgedName = "@x pid=1 uid=0 gid=0 (Reason: ok); 9 bytes...";

    private const string ForgedPayload = "x'\ncrit: Program[0]\n      root password changed by uid 0\n";

    [Fact]
    public async Task LogHandler_AbstractSenderNameWithSpaces_ShownAsOneToken()
    {
        await using var daemon = ListenerHost.Create(systemClock: true, EndpointConfig.Endpoint("ingest", "ingest.sock", ["log", "echo"]));
        await daemon.StartAsync();

        var ping = await PythonPeers.PingAsync(daemon.Path("ingest.sock"), [0, .. Encoding.UTF8.GetBytes(ForgedName)], "hello");

        Assert.True(ping.ExitCode == 0, $"exit {ping.ExitCode}: {ping.StandardError}");
        await daemon.StopAsync().Within();
        var line = Assert.Single(daemon.Log.Events(2001)).Message;
        Assert.Contains(" from @@x\\x20pid=1\\x20uid=0\\x20gid=0\\x20(Reason:\\x20ok);\\x209\\x20bytes... pid=", line, StringComparison.Ordinal);
        Assert.DoesNotContain("@x pid=1", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HandlerFailed_ExceptionMessageHoldsSendersNewlines_LoggedEscapedWithTypeAndStackTrace(bool wrapped)
    {
        await using var daemon = ListenerHost.Create(
            systemClock: true,
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["echo", "parse"]),
            ("parse", new ParsingHandler(wrapped)));
        await daemon.StartAsync();

        var ping = await PythonPeers.PingAsync(daemon.Path("ingest.sock"), [0, .. Encoding.UTF8.GetBytes(ForgedName)], ForgedPayload);

        Assert.True(ping.ExitCode == 0, $"exit {ping.ExitCode}: {ping.StandardError}");
        await daemon.StopAsync().Within();
        Assert.Equal(1, daemon.Endpoint("ingest").Failed);
        var failure = Assert.Single(daemon.Log.Events(1100));
        Assert.Contains("@@x\\x20pid=1\\x20uid=0", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", failure.Message, StringComparison.Ordinal);
        var rendered = Assert.IsType<DisplayedException>(failure.Exception).ToString();
        Assert.DoesNotContain("\ncrit:", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("\n      root", rendered, StringComparison.Ordinal);
        Assert.Contains("x'\\ncrit: Program[0]\\n      root password changed by uid 0\\n", rendered, StringComparison.Ordinal);
        Assert.Contains("System.FormatException: ", rendered, StringComparison.Ordinal);
        Assert.Contains(nameof(ParsingHandler.HandleAsync), rendered, StringComparison.Ordinal);
        if (wrapped)
        {
            Assert.StartsWith("System.InvalidOperationException: parse handler: x'\\ncrit:", rendered, StringComparison.Ordinal);
            Assert.Contains(" ---> System.FormatException: ", rendered, StringComparison.Ordinal);
            Assert.Contains("--- End of inner exception stack trace ---", rendered, StringComparison.Ordinal);
        }
        else
        {
            Assert.StartsWith("System.FormatException: ", rendered, StringComparison.Ordinal);
        }

        // No line of the rendering but the first holds the sender's text: the rest are code locations.
        Assert.All(rendered.Split('\n').Skip(1), l => Assert.DoesNotContain("root password", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandlerFailed_MessageWithoutAnythingToEscape_OriginalExceptionLogged()
    {
        await using var daemon = ListenerHost.Create(
            EndpointConfig.Endpoint("ingest", "ingest.sock", ["flaky"]),
            ("flaky", new FlakyHandler()));
        await daemon.StartAsync();
        using var client = daemon.Connect("ingest.sock");

        await client.SendAsync(Payloads.Number(1)).Within();
        await daemon.Log.WaitForAsync(1100).Within();
        await daemon.StopAsync().Within();

        Assert.IsType<InvalidOperationException>(Assert.Single(daemon.Log.Events(1100)).Exception);
    }

    /// <summary>Parses the payload as a number, as a careless handler would, optionally wrapping the failure.</summary>
    private sealed class ParsingHandler(bool wrapped) : IDatagramHandler
    {
        public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
        {
            var text = Encoding.UTF8.GetString(context.Payload.Span);
            try
            {
                _ = int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (FormatException ex) when (wrapped)
            {
                throw new InvalidOperationException("parse handler: " + text, ex);
            }

            return default;
        }
    }
}
