namespace UnixDatagram.Bench.Soak;

/// <summary>The endpoints under soak: plain load, echo (to non-reading peers), log (forged names), a rate-limited one and a faulty one.</summary>
internal static class Settings
{
    public static Dictionary<string, string?> For(string directory)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Daemon:SocketDirectory"] = directory,
            ["Daemon:ControlPath"] = string.Empty,
        };
        Endpoint(settings, 0, "load", "count", []);
        Endpoint(settings, 1, "echo", "echo", ["ReplyTimeout=00:00:00.050"]);
        Endpoint(settings, 2, "log", "count", ["AllowedUserIds:0=4242"]);
        Endpoint(settings, 3, "limited", "count", ["RateLimitInterval=00:00:01", "RateLimitBurst=1000"]);
        Endpoint(settings, 4, "faulty", "faulty", ["Dispatch=Concurrent", "MaxConcurrency=8", "HandlerTimeout=00:00:00.200", "StallTimeout=00:00:05", "WhenFull=DropNewest"]);
        return settings;
    }

    private static void Endpoint(Dictionary<string, string?> settings, int index, string name, string handler, string[] extra)
    {
        var key = $"Daemon:Endpoints:{index}:";
        settings[key + "Name"] = name;
        settings[key + "Path"] = name + ".sock";
        settings[key + "Handlers:0"] = handler;
        settings[key + "Mode"] = "0666";

        // Much of the load is sent from this very process, which is also the daemon's.
        settings[key + "AcceptSelfSent"] = "true";
        foreach (var pair in extra)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            settings[key + pair[..eq]] = pair[(eq + 1)..];
        }
    }
}
