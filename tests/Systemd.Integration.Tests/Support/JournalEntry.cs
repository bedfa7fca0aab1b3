using System.Text.Json;

namespace UnixDatagram.Systemd.Integration.Tests;

/// <summary>One journal entry (<c>journalctl -o json</c>): the fields the tests filter on.</summary>
public sealed record JournalEntry(string Message, int Priority, string? Unit, string? AboutUnit, string? Identifier)
{
    /// <summary>Whether the entry comes from <paramref name="unit"/>'s processes or is systemd's message about it.</summary>
    public bool IsOf(string unit) => Unit == unit || AboutUnit == unit;

    public static JournalEntry Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new JournalEntry(
            Text(root, "MESSAGE") ?? string.Empty,
            int.TryParse(Text(root, "PRIORITY"), out var priority) ? priority : 6,
            Text(root, "_SYSTEMD_UNIT"),
            Text(root, "UNIT"),
            Text(root, "SYSLOG_IDENTIFIER"));
    }

    /// <summary>A field as text; journalctl gives a field that is not valid UTF-8 as an array of bytes.</summary>
    private static string? Text(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.Array ? System.Text.Encoding.UTF8.GetString([.. value.EnumerateArray().Where(b => b.ValueKind == JsonValueKind.Number).Select(b => b.GetByte())])
        : value.ToString();
}
