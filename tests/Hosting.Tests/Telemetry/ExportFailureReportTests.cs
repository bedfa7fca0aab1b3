using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using UnixDatagram.Daemon;

namespace UnixDatagram.Hosting.Tests.Telemetry;

/// <summary>A signal's failed exports: each counted at once, logged at most once per interval with the count since the last line, none left unsaid.</summary>
public sealed class ExportFailureReportTests
{
    private const int ExportFailed = 1330;
    private static readonly Uri Endpoint = new("http://127.0.0.1:9/v1/logs");

    [Fact]
    public async Task Failed_ManyWithinInterval_OneLineThenTheHeldBackCountWhenTheIntervalEnds()
    {
        var clock = new TestClock();
        using var logs = new RecordingLoggerProvider();
        using var meter = new Meter("test-export-failed");
        var counted = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            Assert.Equal("logs", Assert.Single(tags.ToArray()).Value);
            Interlocked.Add(ref counted, value);
        });
        listener.Start();
        using var report = new ExportFailureReport("logs", Endpoint, logs.CreateLogger("export"), meter.CreateCounter<long>("failed"), clock);

        report.Failed("first");
        report.Failed("second");
        report.Failed("third");

        // The first is said at once; the other two are counted and wait for the interval's end.
        var first = logs.Single(ExportFailed);
        Assert.Equal(LogLevel.Warning, first.Level);
        Assert.Equal(1L, first["Failures"]);
        Assert.Equal("first", first["Reason"]);
        Assert.Equal(Endpoint, first["Endpoint"]);
        Assert.Equal(3, Interlocked.Read(ref counted));

        await clock.ArmedAsync(ExportFailureReport.Interval);
        clock.Advance(ExportFailureReport.Interval);
        var held = Assert.Single(logs.Events(ExportFailed).Skip(1));
        Assert.Equal(2L, held["Failures"]);
        Assert.Equal("third", held["Reason"]);

        // Nothing more held back: the interval's end and a flush at stop add no line.
        clock.Advance(ExportFailureReport.Interval);
        report.Flush();
        Assert.Equal(2, logs.Events(ExportFailed).Count);
    }

    [Fact]
    public void GaveUp_RecordsDropped_SaidOnTheLineWithoutCountingAnExport()
    {
        var clock = new TestClock();
        using var logs = new RecordingLoggerProvider();
        using var meter = new Meter("test-export-gave-up");
        using var report = new ExportFailureReport("logs", Endpoint, logs.CreateLogger("export"), meter.CreateCounter<long>("failed"), clock);

        report.Failed("refused");
        report.GaveUp(120, "dropping the current batch: refused");
        report.Flush();

        var lines = logs.Events(ExportFailed);
        Assert.Equal(2, lines.Count);
        Assert.Equal(0L, lines[1]["Failures"]);
        Assert.StartsWith("120 log records given up; ", (string)lines[1]["Reason"]!, StringComparison.Ordinal);
    }
}
