using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace UnixDatagram.Hosting.Tests;

/// <summary>Starts a daemon with one endpoint ('ingest', handler 'record') plus the given settings, and expects start to fail naming a key and values.</summary>
internal static class StartFailure
{
    public const string Remove = "(remove)";

    public static async Task AssertAsync(string description, string[] settings, string key, string[] values)
    {
        var config = EndpointConfig.Endpoint("ingest", "in.sock", ["record"]);
        foreach (var setting in settings)
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = (setting[..equals], setting[(equals + 1)..]);
            if (value == Remove)
            {
                config.Remove(name);
            }
            else
            {
                config[name] = value;
            }
        }

        await using var daemon = ListenerHost.Create(config, ("record", new RecordingHandler()));
        var error = await Assert.ThrowsAsync<OptionsValidationException>(daemon.StartAsync);
        var failure = error.Failures.FirstOrDefault(f => f.StartsWith(key + ":", StringComparison.Ordinal));
        Assert.True(failure is not null, $"{description}: no failure for {key} in: {error.Message}");
        foreach (var value in values.Select(v => v.Replace("{dir}", daemon.Directory.Path, StringComparison.Ordinal)))
        {
            // The value as a whole token (not "0" inside "10" or "0.5"), after the key.
            Assert.Matches(new Regex(@"(?<![\w.-])" + Regex.Escape(value) + @"(?!\w|[.:]\w)"), failure[key.Length..]);
        }

        Assert.Contains(failure, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(daemon.Directory.Path));
    }
}
