using System.Text.Json;
using System.Text.RegularExpressions;

namespace UnixDatagram.Hosting.Configuration;

/// <summary>
/// One configuration file as a tree (an object is a case-insensitive dictionary, an array a list, a value a string),
/// merged with the next file and turned into configuration keys the way the framework's JSON provider does
/// (<c>Daemon:Endpoints:0:Name</c>; <c>null</c> and an empty object are a null value, an empty array an empty
/// string; <c>true</c> is <c>True</c>; comments and trailing commas allowed).
/// </summary>
internal static partial class JsonLayer
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The file's tree, or null when there is no such file.</summary>
    /// <exception cref="ConfigurationFileException">The file cannot be read or is not a JSON object.</exception>
    public static Dictionary<string, object?>? Read(string path)
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationFileException(path, $"cannot be read: {ex.Message}", ex);
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, Options);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigurationFileException(path, $"the top level must be a JSON object ({{ ... }}), not {Kind(document.RootElement.ValueKind)}.");
            }

            return (Dictionary<string, object?>)ToTree(document.RootElement, path, "")!;
        }
        catch (JsonException ex)
        {
            var reason = PositionSuffix().Replace(ex.Message, "");
            var where = ex.LineNumber is { } line && ex.BytePositionInLine is { } position
                ? string.Create(CultureInfo.InvariantCulture, $"line {line + 1}, position {position + 1}: ")
                : "";
            throw new ConfigurationFileException(path, where + reason, ex);
        }
    }

    /// <summary><paramref name="later"/> over <paramref name="earlier"/>: objects merge key by key, anything else replaces.</summary>
    public static object? Merge(object? earlier, object? later)
    {
        if (later is not Dictionary<string, object?> patch)
        {
            return later;
        }

        // An object of indexes over a list changes single entries of it, as "Daemon__Endpoints__0__Mode" does.
        var merged = earlier switch
        {
            Dictionary<string, object?> map => map,
            List<object?> list => list.Select((item, i) => (Key: i.ToString(CultureInfo.InvariantCulture), item))
                .ToDictionary(e => e.Key, e => e.item, StringComparer.OrdinalIgnoreCase),
            _ => new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase),
        };
        foreach (var (key, value) in patch)
        {
            merged[key] = merged.TryGetValue(key, out var before) ? Merge(before, value) : value;
        }

        return merged;
    }

    /// <summary>The tree as configuration keys.</summary>
    public static Dictionary<string, string?> Flatten(object? tree)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (tree is Dictionary<string, object?> root)
        {
            foreach (var (key, value) in root)
            {
                Flatten(value, key, data);
            }
        }

        return data;
    }

    private static void Flatten(object? node, string path, Dictionary<string, string?> data)
    {
        IEnumerable<(string Key, object? Value)>? children = node switch
        {
            Dictionary<string, object?> map => map.Select(e => (e.Key, e.Value)),
            List<object?> list => list.Select((item, i) => (i.ToString(CultureInfo.InvariantCulture), item)),
            _ => null,
        };
        if (children is null)
        {
            data[path] = (string?)node;
            return;
        }

        var empty = true;
        foreach (var (key, value) in children)
        {
            empty = false;
            Flatten(value, path + ConfigurationPath.KeyDelimiter + key, data);
        }

        if (empty)
        {
            data[path] = node is List<object?> ? "" : null;
        }
    }

    private static object? ToTree(JsonElement element, string file, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in element.EnumerateObject())
                {
                    var key = path.Length == 0 ? property.Name : path + ConfigurationPath.KeyDelimiter + property.Name;
                    if (!map.TryAdd(property.Name, ToTree(property.Value, file, key)))
                    {
                        throw new ConfigurationFileException(file, $"the key '{key}' is there twice (keys are not case-sensitive).");
                    }
                }

                return map;
            case JsonValueKind.Array:
                return element.EnumerateArray().Select((item, i) => ToTree(item, file, path + ConfigurationPath.KeyDelimiter + i.ToString(CultureInfo.InvariantCulture))).ToList();
            case JsonValueKind.Null:
                return null;
            default:
                return element.ToString();
        }
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        _ => "null",
    };

    /// <summary>System.Text.Json's " LineNumber: 3 | BytePositionInLine: 4." (0-based), said instead as "line 4, position 5".</summary>
    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.$")]
    private static partial Regex PositionSuffix();
}
