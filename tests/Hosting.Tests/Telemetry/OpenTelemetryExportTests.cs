using System.Net;
using System.Net.Sockets;
using Google.Protobuf;

namespace UnixDatagram.Hosting.Tests.Telemetry;

/// <summary>The executable exports its meter and its log over OTLP/HTTP when, and only when, configuration names a collector.</summary>
public sealed class OpenTelemetryExportTests
{
    private const ulong SeverityNumberError = 17; // opentelemetry-proto logs/v1 SeverityNumber.SEVERITY_NUMBER_ERROR

    [Fact]
    public async Task Run_WithOpenTelemetryEndpoint_ExportsTheMeterAndASyslogRecordWithItsSeverity()
    {
        using var dir = new TempDirectory();
        using var collector = new OtlpReceiver();
        await using var daemon = DaemonProcess.Start(["run"], new Dictionary<string, string>
        {
            ["Daemon__SocketDirectory"] = dir.Path,
            ["OpenTelemetry__Endpoint"] = collector.Endpoint,
            ["OpenTelemetry__MetricExportInterval"] = "00:00:00.500",
        });
        await daemon.WaitForLineAsync("Application started");
        var marker = "otlp-" + Guid.NewGuid().ToString("N");
        var logger = await ChildProcess.RunAsync("logger", ["-u", dir.File("syslog.sock"), "-t", "otelprobe", "-p", "user.err", marker]);
        Assert.Equal(0, logger.ExitCode);

        // ExportLogsServiceRequest.resource_logs(1) -> scope_logs(2) -> log_records(2); LogRecord.severity_number(2), body(5).
        var logs = await collector.WaitForAsync("/v1/logs", body => Records(body).Any(r => r.Body.Contains(marker, StringComparison.Ordinal)), ChildProcess.Timeout);
        var record = Records(logs).Single(r => r.Body.Contains(marker, StringComparison.Ordinal));
        Assert.Equal(SeverityNumberError, record.Severity);
        Assert.Contains("otelprobe", record.Body, StringComparison.Ordinal);
        Assert.Contains("dgramd", ResourceText(logs), StringComparison.Ordinal);

        // ExportMetricsServiceRequest.resource_metrics(1) -> scope_metrics(2) -> metrics(2); Metric.name(1).
        await collector.WaitForAsync("/v1/metrics", body => MetricNames(body).Contains("unixdgram.endpoint.received"), ChildProcess.Timeout);

        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());

        // A collector that takes every export: no failure is reported.
        Assert.DoesNotContain("export to", daemon.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NothingListensAtEndpoint_WarnsForEachSignalNamingEndpointAndCount()
    {
        using var dir = new TempDirectory();

        // Bound and never listening: a connection is refused (ECONNREFUSED), and no other test can take the port.
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var endpoint = $"http://127.0.0.1:{((IPEndPoint)closed.LocalEndPoint!).Port}";
        await using var daemon = DaemonProcess.Start(["run"], new Dictionary<string, string>
        {
            ["Daemon__SocketDirectory"] = dir.Path,
            ["OpenTelemetry__Endpoint"] = endpoint,
            ["OpenTelemetry__MetricExportInterval"] = "00:00:00.500",
        });

        foreach (var signal in (string[])["metrics", "logs"])
        {
            var line = await daemon.WaitForLineAsync($"OpenTelemetry {signal} export to {endpoint}/v1/{signal} (OpenTelemetry:Endpoint) failed ");
            Assert.Matches(@"WRN .* failed [1-9][0-9]* time\(s\) since the last such line: .*Connection refused", line);
        }

        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task Run_CollectorAnswersErrorFirst_WarnsThenExportsTheFailureCount()
    {
        using var dir = new TempDirectory();
        using var collector = new OtlpReceiver(refuseFirst: 1);
        await using var daemon = DaemonProcess.Start(["run"], new Dictionary<string, string>
        {
            ["Daemon__SocketDirectory"] = dir.Path,
            ["OpenTelemetry__Endpoint"] = collector.Endpoint,
            ["OpenTelemetry__MetricExportInterval"] = "00:00:00.500",
        });

        foreach (var signal in (string[])["metrics", "logs"])
        {
            var line = await daemon.WaitForLineAsync($"OpenTelemetry {signal} export to {collector.Endpoint}/v1/{signal} (OpenTelemetry:Endpoint) failed 1 time(s)");
            Assert.Contains("503", line, StringComparison.Ordinal);
        }

        // Once the collector takes exports, the failure is counted there too (unixdgram.export.failed, tag signal).
        await collector.WaitForAsync("/v1/metrics", body => MetricNames(body).Contains("unixdgram.export.failed"), ChildProcess.Timeout);

        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task Run_AddressFamilyRestricted_RefusesToStartNamingEndpointAndUnitSetting()
    {
        using var dir = new TempDirectory();
        var (code, daemon) = await DaemonProcess.RunAsync(
            ["run"],
            new Dictionary<string, string>
            {
                ["Daemon__SocketDirectory"] = dir.Path,
                ["OpenTelemetry__Endpoint"] = "http://127.0.0.1:4318",
            },
            launcher: SeccompLauncher.Under("socket-inet"));

        Assert.Equal(DaemonHostExtensions.ConfigurationErrorExitCode, code);
        var line = Assert.Single(daemon.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Cannot start: OpenTelemetry:Endpoint: 'http://127.0.0.1:4318' needs an AF_INET socket", line, StringComparison.Ordinal);
        Assert.Contains("EAFNOSUPPORT", line, StringComparison.Ordinal);
        Assert.Contains("RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ConnectDenied_WarningSaysDenied()
    {
        using var dir = new TempDirectory();
        using var collector = new OtlpReceiver();
        await using var daemon = DaemonProcess.Start(
            ["run"],
            new Dictionary<string, string>
            {
                ["Daemon__SocketDirectory"] = dir.Path,
                ["OpenTelemetry__Endpoint"] = collector.Endpoint,
                ["OpenTelemetry__MetricExportInterval"] = "00:00:00.500",
            },
            launcher: SeccompLauncher.Under("connect-eperm"));

        // connect(2) fails with EPERM, as to an address IPAddressDeny= refuses: the line says denied and names the setting.
        var line = await daemon.WaitForLineAsync($"OpenTelemetry metrics export to {collector.Endpoint}/v1/metrics (OpenTelemetry:Endpoint) failed ");
        Assert.Contains("failed 1 time(s) since the last such line: denied: connect(2) was not permitted", line, StringComparison.Ordinal);
        Assert.Contains("IPAddressDeny=", line, StringComparison.Ordinal);

        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
    }

    [Fact]
    public async Task Run_OpenTelemetryKeyMistyped_RefusesToStartNamingIt()
    {
        using var dir = new TempDirectory();
        var (code, daemon) = await DaemonProcess.RunAsync(["run"], new Dictionary<string, string>
        {
            ["Daemon__SocketDirectory"] = dir.Path,
            ["OpenTelemetry__Endpoint"] = "http://127.0.0.1:1",
            ["OpenTelemetry__MetricsExportInterval"] = "00:00:01",
        });
        Assert.NotEqual(0, code);
        Assert.Contains("MetricsExportInterval", daemon.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OpenTelemetry__Protocl", "Grpc", "OpenTelemetry:Protocl: unknown setting 'Protocl'; did you mean Protocol?")]
    [InlineData("OpenTelemetry__Endpont", "http://127.0.0.1:1", "OpenTelemetry:Endpont: unknown setting 'Endpont'; did you mean Endpoint?")]
    [InlineData("OpenTelemetry__Endpoint", "not a url", "OpenTelemetry:Endpoint: 'not a url' is not an http:// or https:// address")]
    [InlineData("OpenTelemetry__Endpoint", "ftp://collector:21", "OpenTelemetry:Endpoint: 'ftp://collector:21' is not an http:// or https:// address")]
    [InlineData("OpenTelemetry__MetricExportInterval", "soon", "'soon' at 'OpenTelemetry:MetricExportInterval'")]
    [InlineData("OpenTelemetry__MetricExportInterval", "60", "OpenTelemetry:MetricExportInterval: '60' is a bare number, which .NET reads as 60 day(s); write it as 00:00:30 (hh:mm:ss) or 1.00:00:00 (d.hh:mm:ss): 00:01:00 for 60 seconds")]
    public async Task Run_OpenTelemetryValueRefused_OneCannotStartLineWithoutStackTrace(string variable, string value, string expected)
    {
        using var dir = new TempDirectory();
        var (code, daemon) = await DaemonProcess.RunAsync(["run"], new Dictionary<string, string>
        {
            ["Daemon__SocketDirectory"] = dir.Path,
            ["OpenTelemetry__Endpoint"] = "http://127.0.0.1:1",
            [variable] = value,
        });
        Assert.Equal(DaemonHostExtensions.ConfigurationErrorExitCode, code);
        var line = Assert.Single(daemon.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Cannot start: OpenTelemetry", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    private static IEnumerable<(ulong Severity, string Body)> Records(byte[] request) =>
        OtlpReceiver.Descend(ByteString.CopyFrom(request), 1, 2, 2).Select(record =>
        {
            var fields = OtlpReceiver.Fields(record);
            var severity = fields.FirstOrDefault(f => f.Field == 2).Number;
            var body = fields.FirstOrDefault(f => f.Field == 5).Bytes is { } value
                ? string.Concat(OtlpReceiver.Fields(value).Where(f => f.Field == 1 && f.Bytes is not null).Select(f => f.Bytes!.ToStringUtf8()))
                : "";
            return (severity, body);
        });

    private static HashSet<string> MetricNames(byte[] request) =>
        [.. OtlpReceiver.Descend(ByteString.CopyFrom(request), 1, 2, 2)
            .Select(metric => OtlpReceiver.Fields(metric).FirstOrDefault(f => f.Field == 1).Bytes?.ToStringUtf8() ?? "")];

    private static string ResourceText(byte[] request) =>
        string.Concat(OtlpReceiver.Descend(ByteString.CopyFrom(request), 1, 1).Select(r => r.ToStringUtf8()));
}
