using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace UnixDatagram.Hosting;

/// <summary>The JSON documents the control socket answers with.</summary>
internal static class ControlReplies
{
    public static byte[] Health(HealthReport report) => Write(w =>
    {
        w.WriteString("status", report.Status.ToString());
        w.WriteNumber("durationMs", report.TotalDuration.TotalMilliseconds);
        w.WriteStartObject("entries");
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject(name);
            w.WriteString("status", entry.Status.ToString());
            if (entry.Description is not null)
            {
                w.WriteString("description", entry.Description);
            }

            if (entry.Exception is not null)
            {
                w.WriteString("exception", entry.Exception.Message);
            }

            w.WriteStartObject("data");
            foreach (var (key, value) in entry.Data)
            {
                w.WritePropertyName(key);
                JsonSerializer.Serialize(w, value?.ToString());
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    });

    public static byte[] Stats(DaemonStatistics statistics) => Write(w =>
    {
        w.WriteStartObject("endpoints");
        foreach (var e in statistics.Endpoints)
        {
            w.WriteStartObject(e.Name);
            w.WriteNumber("received", e.Received);
            w.WriteNumber("bytes", e.Bytes);
            w.WriteNumber("handled", e.Handled);
            w.WriteNumber("failed", e.Failed);
            w.WriteNumber("timedOut", e.TimedOut);
            w.WriteNumber("dropped", e.Dropped);
            w.WriteNumber("truncated", e.Truncated);
            w.WriteNumber("rejected", e.Rejected);
            w.WriteNumber("queued", e.Queued);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartObject("targets");
        foreach (var t in statistics.Targets)
        {
            w.WriteStartObject(t.Name);
            w.WriteNumber("sent", t.Sent);
            w.WriteNumber("bytes", t.Bytes);
            w.WriteNumber("queued", t.Queued);
            w.WriteNumber("dropped", t.Dropped);
            w.WriteNumber("congestionEvents", t.CongestionEvents);
            w.WriteNumber("peerUnavailable", t.PeerUnavailable);
            w.WriteNumber("failed", t.Failed);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    });

    public static byte[] Error(string message) => Write(w => w.WriteString("error", message));

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
