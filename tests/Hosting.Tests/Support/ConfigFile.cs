using System.Text.Json;
using System.Text.Json.Nodes;

namespace UnixDatagram.Hosting.Tests;

/// <summary>Writes configuration key/values (<c>Daemon:Endpoints:0:Name</c>) as the nested <c>appsettings.json</c> an operator edits.</summary>
internal static class ConfigFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string path, IDictionary<string, string?> settings)
    {
        var root = new JsonObject();
        foreach (var (key, value) in settings)
        {
            var node = root;
            var parts = key.Split(':');
            foreach (var part in parts[..^1])
            {
                node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
            }

            node[parts[^1]] = value;
        }

        // Written whole and renamed into place, as an editor does, so a reader never sees half a file.
        var temporary = path + ".new";
        File.WriteAllText(temporary, root.ToJsonString(Indented));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Adds <paramref name="count"/> <c>log</c> endpoints named with 64 characters, the longest name there is (each
    /// name appears in the health and stats replies twice or more), at <c>e0.sock</c>, <c>e1.sock</c>, ...
    /// </summary>
    public static void AddLongNamedEndpoints(IDictionary<string, string?> settings, int count)
    {
        for (var i = 0; i < count; i++)
        {
            settings[$"Daemon:Endpoints:{i}:Name"] = $"endpoint-{i:D4}-".PadRight(64, 'x');
            settings[$"Daemon:Endpoints:{i}:Path"] = $"e{i}.sock";
            settings[$"Daemon:Endpoints:{i}:Handlers:0"] = "log";
        }
    }
}
