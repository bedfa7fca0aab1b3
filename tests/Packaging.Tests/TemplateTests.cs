using System.Text;
using UnixDatagram.Transport;

namespace UnixDatagram.Packaging.Tests;

/// <summary>
/// The template as a new user meets it: installed from the packed template package, instantiated, built against
/// the packed libraries, run, sent a datagram; and its own test project run.
/// </summary>
[Collection(nameof(PackageFeedTests))]
public sealed class TemplateTests(PackedFeed feed)
{
    [Fact]
    public async Task NewDgramdDaemon_FromThePackedTemplate_BuildsRunsAnswersAndPassesItsOwnTests()
    {
        var hive = Path.Join(feed.Work, "template-hive");
        var project = Path.Join(feed.Work, "Acme.Relay");
        await feed.DotnetAsync("new", "install", feed.Package("Dgramd.Templates"), "--debug:custom-hive", hive);
        await feed.DotnetAsync("new", "dgramd-daemon", "-n", "Acme.Relay", "-o", project, "--FrameworkVersion", feed.Version, "--debug:custom-hive", hive);

        await feed.WriteNuGetConfigAsync(project);
        Assert.True(File.Exists(Path.Join(project, "deploy", "acme-relay.service")), "the systemd unit is named after the project");
        Assert.Contains("Acme.Relay", await File.ReadAllTextAsync(Path.Join(project, "src", "UppercaseHandler.cs")), StringComparison.Ordinal);

        // Warnings are errors in the template: a clean build is part of what it promises.
        var output = Path.Join(feed.Work, "acme-bin");
        await feed.DotnetAsync("build", Path.Join(project, "src", "Acme.Relay.csproj"), "-o", output);

        // A file that is not valid JSON: one line naming it, the line and the position, and EX_CONFIG; not the host's
        // own InvalidDataException, unhandled, from Host.CreateApplicationBuilder.
        var sockets = Directory.CreateDirectory(Path.Join(feed.Work, "acme-run")).FullName;
        string[] arguments = [Path.Join(output, "acme-relay.dll"), "--Daemon:SocketDirectory=" + sockets];
        await File.WriteAllTextAsync(Path.Join(output, "appsettings.json"), "{\n  \"Daemon\": {\n    \"Endpoints\": [ }\n}");
        using (var broken = await ChildProcess.RunAsync("dotnet", arguments, feed.Environment))
        {
            var all = broken.StandardOutput + "\n" + broken.StandardError;
            Assert.True(broken.ExitCode == 78, $"exit {broken.ExitCode}:\n{all}");
            var line = Assert.Single(all.Split('\n'), l => l.Contains("Cannot start:", StringComparison.Ordinal));
            Assert.Contains($"Cannot start: {Path.Join(output, "appsettings.json")}: line 3, position ", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(sockets));
        }

        // An operator's environment file lists one endpoint where the shipped file lists two: the template's
        // Program.cs reads the files so that the later list is the whole list (the host's own sources would keep "extra").
        await File.WriteAllTextAsync(Path.Join(output, "appsettings.json"), """
            { "Daemon": { "Endpoints": [
              { "Name": "upper", "Path": "upper.sock", "Handlers": [ "upper" ], "Mode": "0600" },
              { "Name": "extra", "Path": "extra.sock", "Handlers": [ "upper" ] } ] } }
            """);
        await File.WriteAllTextAsync(Path.Join(output, "appsettings.Production.json"), """
            { "Daemon": { "Endpoints": [ { "Name": "upper", "Path": "upper.sock", "Handlers": [ "upper" ] } ] } }
            """);
        await using (var daemon = ChildProcess.Start("dotnet", arguments, new Dictionary<string, string>(feed.Environment) { ["DOTNET_ENVIRONMENT"] = "Production" }))
        {
            await daemon.WaitForLineAsync("Application started");
            Assert.Equal(["upper.sock"], Directory.GetFileSystemEntries(sockets).Select(Path.GetFileName));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, File.GetUnixFileMode(Path.Join(sockets, "upper.sock")));
            using var client = TestSockets.Bound(UnixSocketAddress.FromAbstractName("acme-relay-test-" + Environment.ProcessId));
            client.Connect(Path.Join(sockets, "upper.sock"));
            using var timeout = new CancellationTokenSource(ChildProcess.Timeout);
            await client.SendAsync("hello"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            var reply = await client.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal("HELLO", Encoding.UTF8.GetString(buffer, 0, reply.Length));

            daemon.Signal(SigTerm);
            Assert.Equal(0, await daemon.WaitForExitAsync());
        }

        Assert.False(File.Exists(Path.Join(sockets, "upper.sock")), "the daemon removes its socket file at stop");
        var test = await feed.DotnetAsync("test", Path.Join(project, "tests", "Acme.Relay.Tests"));
        Assert.Contains("Passed!", test.StandardOutput, StringComparison.Ordinal);
    }
}
