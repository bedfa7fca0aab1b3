using System.Text.Json;
using static UnixDatagram.TestSupport.ShippedUnits;

namespace UnixDatagram.Hosting.Tests.Deploy;

/// <summary>The syslog role's shipped unit and configuration, checked offline (the real-systemd suite boots them).</summary>
public sealed class SyslogRoleDeployTests
{
    [Fact]
    public async Task Verify_SyslogRoleUnit_SystemdAnalyzeFindsNothing()
    {
        using var dir = new TempDirectory();
        var service = dir.File("dgramd-syslog.service");
        var text = File.ReadAllText(RepositoryPaths.File("deploy", "systemd", "dgramd-syslog.service"));
        Assert.Contains($"ExecStart={InstalledBinary} run", text, StringComparison.Ordinal);
        File.WriteAllText(service, text.Replace($"{InstalledBinary} ", "/bin/true ", StringComparison.Ordinal));

        using var verify = await ChildProcess.RunAsync("systemd-analyze", ["verify", "--man=no", service]);

        Assert.True(verify.ExitCode == 0 && verify.StandardError.Length == 0 && verify.StandardOutput.Length == 0, $"exit {verify.ExitCode}: {verify.StandardError}{verify.StandardOutput}");
    }

    [Fact]
    public void Unit_SyslogRole_IsSyslogServiceBehindSyslogSocketWithALogsDirectory()
    {
        var unit = File.ReadAllLines(RepositoryPaths.File("deploy", "systemd", "dgramd-syslog.service"));

        Assert.Equal("syslog.service", Value(unit, "Alias"));
        Assert.Equal("syslog.socket", Value(unit, "Requires"));
        Assert.Equal("syslog.socket", Value(unit, "After"));
        Assert.Equal("dgramd", Value(unit, "LogsDirectory"));
        Assert.Equal("dgramd-syslog", Value(unit, "ConfigurationDirectory"));
        Assert.Equal($"{InstalledBinary} reload", Value(unit, "ExecReload"));
    }

    [Fact]
    public void Configuration_SyslogRole_AdoptsSyslogSocketAndWritesOnlyToFiles()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.File("deploy", "systemd", "syslog", "appsettings.json")));
        var daemon = json.RootElement.GetProperty("Daemon");
        var journal = daemon.GetProperty("Endpoints")[0];

        // syslog.socket has no FileDescriptorName=: systemd passes its socket as 'syslog.socket', which 'syslog' finds.
        Assert.Equal("syslog", journal.GetProperty("FileDescriptorName").GetString());
        Assert.Equal("/run/systemd/journal/syslog", journal.GetProperty("Path").GetString());

        // Never the log (which under systemd is the journal, which forwards to this very socket): files only.
        foreach (var endpoint in daemon.GetProperty("Endpoints").EnumerateArray())
        {
            Assert.Equal(["syslog-files"], endpoint.GetProperty("Handlers").EnumerateArray().Select(h => h.GetString()));
        }

        var outputs = daemon.GetProperty("Handlers").GetProperty("syslog-files").GetProperty("Outputs").EnumerateArray()
            .ToDictionary(o => o.GetProperty("File").GetString()!, o => o.GetProperty("Selector").GetString());
        Assert.Equal("*.*;auth,authpriv.none", outputs["syslog"]);
        Assert.Equal("auth,authpriv.*", outputs["auth.log"]);
    }
}
