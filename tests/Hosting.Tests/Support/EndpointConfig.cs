using System.Globalization;

namespace UnixDatagram.Hosting.Tests;

/// <summary>Configuration key/values for endpoints, as they would appear in <c>appsettings.json</c>.</summary>
internal static class EndpointConfig
{
    /// <summary>Endpoint <paramref name="index"/>: name, path, handler names, and any other <c>Key=Value</c> settings.</summary>
    public static Dictionary<string, string?> Endpoint(int index, string name, string path, string[] handlers, params string[] settings)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"Daemon:Endpoints:{index}:");
        var values = new Dictionary<string, string?>
        {
            [prefix + "Name"] = name,
            [prefix + "Path"] = path,

            // These tests pin down dispatch exactly, and IoThreadBarrier can prove "read everything it will" only for
            // the shared I/O thread; the receive threads (WhenBusy, the default, and Dedicated) are tested on their own.
            [prefix + "ReceiveThread"] = "Shared",
        };
        for (var i = 0; i < handlers.Length; i++)
        {
            values[prefix + "Handlers:" + i.ToString(CultureInfo.InvariantCulture)] = handlers[i];
        }

        foreach (var setting in settings)
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            values[prefix + setting[..equals]] = setting[(equals + 1)..];
        }

        return values;
    }

    /// <summary>Endpoint 0.</summary>
    public static Dictionary<string, string?> Endpoint(string name, string path, string[] handlers, params string[] settings) =>
        Endpoint(0, name, path, handlers, settings);

    public static Dictionary<string, string?> Merge(params IDictionary<string, string?>[] parts)
    {
        var merged = new Dictionary<string, string?>();
        foreach (var part in parts)
        {
            foreach (var (key, value) in part)
            {
                merged[key] = value;
            }
        }

        return merged;
    }
}
