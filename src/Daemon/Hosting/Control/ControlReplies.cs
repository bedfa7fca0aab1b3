using System.Text.Json;

namespace UnixDatagram.Hosting.Control;

/// <summary>
/// The JSON documents the control socket answers with, without indentation: each is one datagram, whose size the
/// kernel bounds (<see cref="ReplySendBuffer"/>), and indentation would take a third of it. <c>dgramd</c> indents what
/// it prints.
/// </summary>
internal static class ControlReplies
{
    private static readonly JsonSerializerOptions StatsFormat = new(JsonSerializerDefaults.Web);

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
                // Numbers stay numbers, as in 'stats': the runtime type decides the JSON shape.
                w.WritePropertyName(key);
                JsonSerializer.Serialize(w, value, value?.GetType() ?? typeof(object), StatsFormat);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    });

    // The statistics' public properties are the document: a counter added there appears in 'dgramd stats' too. Handler
    // counters keep their metric names, so that one name stands for one number in 'stats', OpenTelemetry and dotnet-counters.
    public static byte[] Stats(DaemonStatistics statistics, SortedDictionary<string, SortedDictionary<string, long>> handlers) => JsonSerializer.SerializeToUtf8Bytes(
        new
        {
            Endpoints = statistics.Endpoints.ToDictionary(e => e.Name),
            Targets = statistics.Targets.ToDictionary(t => t.Name),
            statistics.Control,
            Handlers = handlers,
        },
        StatsFormat);

    /// <summary><c>{"status": "ok", "message": "..."}</c> or <c>{"status": "failed", "error": "..."}</c>.</summary>
    public static byte[] Reload(DaemonReloadResult result) => Write(w =>
    {
        w.WriteString("status", result.Succeeded ? "ok" : "failed");
        w.WriteString(result.Succeeded ? "message" : "error", result.Message);
    });

    public static byte[] Error(string message) => Write(w => w.WriteString("error", message));

    /// <summary><c>{"status": "denied", "error": "..."}</c>: a request this requester may not make (a reload from a uid that may only query).</summary>
    public static byte[] Denied(string message) => Write(w =>
    {
        w.WriteString("status", "denied");
        w.WriteString("error", message);
    });

    /// <summary><c>{"status": "stopping", "error": "..."}</c>: a request that came or was still being answered as the daemon stopped.</summary>
    public static byte[] Stopping(string message) => Write(w =>
    {
        w.WriteString("status", "stopping");
        w.WriteString("error", message);
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
