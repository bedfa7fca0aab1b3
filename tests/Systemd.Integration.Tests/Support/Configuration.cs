namespace UnixDatagram.Systemd.Integration.Tests;

/// <summary>/etc/dgramd/appsettings.json texts the tests write, as an operator would.</summary>
internal static class Configuration
{
    /// <summary>The installed default's ingest endpoint (adopting dgramd.socket's socket), the same for every text.</summary>
    private const string Ingest = """
        { "Name": "ingest", "FileDescriptorName": "ingest", "Path": "/run/dgramd-sockets/ingest.sock", "Handlers": [ "log" ] }
        """;

    public static string WithSyslogPath(string path) => $$"""
        { "Daemon": { "Endpoints": [ {{Ingest}}, { "Name": "syslog", "Path": "{{path}}", "Handlers": [ "syslog" ] } ] } }
        """;

    public static string WithIngestMaxDatagramSize(int size) => $$"""
        { "Daemon": { "Endpoints": [ { "Name": "ingest", "FileDescriptorName": "ingest", "Path": "/run/dgramd-sockets/ingest.sock", "Handlers": [ "log" ], "MaxDatagramSize": {{size}} } ] } }
        """;

    public static string WithExtraEndpoint(string name, string path) => $$"""
        { "Daemon": { "Endpoints": [ {{Ingest}}, { "Name": "syslog", "Path": "syslog.sock", "Handlers": [ "syslog" ] }, { "Name": "{{name}}", "Path": "{{path}}", "Handlers": [ "log" ], "Mode": "0666" } ] } }
        """;

    public static string WithIngestQueueCapacity(string value) => $$"""
        { "Daemon": { "Endpoints": [ { "Name": "ingest", "FileDescriptorName": "ingest", "Path": "/run/dgramd-sockets/ingest.sock", "Handlers": [ "log" ], "QueueCapacity": "{{value}}" } ] } }
        """;
}
