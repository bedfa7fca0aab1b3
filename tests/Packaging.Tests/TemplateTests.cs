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
        await AssertRefusedAsync(arguments, $"{Path.Join(output, "appsettings.json")}: line 3, position ", sockets);

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
            Assert.Equal("HELLO", await AskAsync(client, "hello", timeout.Token));

            daemon.Signal(SigTerm);
            Assert.Equal(0, await daemon.WaitForExitAsync());
        }

        Assert.False(File.Exists(Path.Join(sockets, "upper.sock")), "the daemon removes its socket file at stop");
        var test = await feed.DotnetAsync("test", Path.Join(project, "tests", "Acme.Relay.Tests"));
        Assert.Contains("Passed!", test.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>
    /// README.md's "Write your own daemon" as it stands: its <c>Program.cs</c> and <c>appsettings.json</c> in a project
    /// of their own outside this tree, against the packed <c>Dgramd.Hosting</c>, with warnings as errors.
    /// </summary>
    [Fact]
    public async Task ReadmeDaemon_BuiltAsShown_RefusesABrokenFileWithOneLineAndExit78_CountsUnnamedSenders_RefusesABrokenReload()
    {
        var project = Directory.CreateDirectory(Path.Join(feed.Work, "readme-daemon")).FullName;
        var (program, settings) = await ReadmeExampleAsync();
        await File.WriteAllTextAsync(Path.Join(project, "Program.cs"), program);
        await File.WriteAllTextAsync(Path.Join(project, "MyDaemon.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <AssemblyName>mydaemon</AssemblyName>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Dgramd.Hosting" Version="{feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        await feed.WriteNuGetConfigAsync(project);
        var output = Path.Join(feed.Work, "readme-daemon-bin");
        await feed.DotnetAsync("build", Path.Join(project, "MyDaemon.csproj"), "-o", output);
        var file = Path.Join(output, "appsettings.json");
        var sockets = Directory.CreateDirectory(Path.Join(feed.Work, "readme-daemon-run")).FullName;
        string[] arguments = [Path.Join(output, "mydaemon.dll"), "--Daemon:SocketDirectory=" + sockets];

        // A file that is not valid JSON: one line naming it, the line and the position; no stack trace; EX_CONFIG.
        await File.WriteAllTextAsync(file, """{ "Daemon": {""");
        await AssertRefusedAsync(arguments, $"{file}: line 1, position ", sockets);

        await File.WriteAllTextAsync(file, settings);
        await using var daemon = ChildProcess.Start("dotnet", arguments, feed.Environment);
        await daemon.WaitForLineAsync("Application started");
        var socket = Path.Join(sockets, "upper.sock");
        using var timeout = new CancellationTokenSource(ChildProcess.Timeout);

        // An unnamed sender cannot be answered: the handler says so rather than passing over it in silence.
        using (var unnamed = new UnixDatagramSocket())
        {
            await unnamed.SendToAsync("quiet"u8.ToArray(), UnixSocketAddress.Parse(socket), timeout.Token);
        }

        Assert.Contains("Upper on upper: the 5-byte datagram was not answered: its sender is unnamed", await daemon.WaitForLineAsync("not answered"), StringComparison.Ordinal);
        using var client = TestSockets.Bound(UnixSocketAddress.FromAbstractName("readme-daemon-test-" + Environment.ProcessId));
        client.Connect(socket);
        Assert.Equal("HELLO", await AskAsync(client, "hello", timeout.Token));

        // A broken file at a reload is refused naming it, and the endpoint goes on as configured before.
        await File.WriteAllTextAsync(file + ".new", """{ "Daemon": { "Endpoints": [ } }""");
        File.Move(file + ".new", file, overwrite: true);
        daemon.Signal(SigHup);
        Assert.Contains($"{file}: line 1, position ", await daemon.WaitForLineAsync("Reload failed"), StringComparison.Ordinal);
        Assert.Equal("AGAIN", await AskAsync(client, "again", timeout.Token));

        daemon.Signal(SigTerm);
        Assert.Equal(0, await daemon.WaitForExitAsync());
        Assert.Empty(Directory.GetFileSystemEntries(sockets));
    }

    private static async Task<string> AskAsync(UnixDatagramSocket client, string text, CancellationToken cancellationToken)
    {
        await client.SendAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        var buffer = new byte[64];
        var reply = await client.ReceiveAsync(buffer, cancellationToken);
        return Encoding.UTF8.GetString(buffer, 0, reply.Length);
    }

    /// <summary>The first C# block and the JSON block after it in README.md's "Write your own daemon".</summary>
    private static async Task<(string Program, string Settings)> ReadmeExampleAsync()
    {
        var readme = await File.ReadAllTextAsync(RepositoryPaths.File("README.md"));
        var section = readme[readme.IndexOf("## Write your own daemon", StringComparison.Ordinal)..];
        return (Block(section, "```csharp\n"), Block(section, "```json\n"));
    }

    private static string Block(string text, string opening)
    {
        var start = text.IndexOf(opening, StringComparison.Ordinal) + opening.Length;
        return text[start..text.IndexOf("```", start, StringComparison.Ordinal)];
    }

    /// <summary>The daemon refuses to start: exit 78, one <c>Cannot start: WHERE...</c> line, no stack trace, no socket.</summary>
    private async Task AssertRefusedAsync(string[] arguments, string where, string sockets)
    {
        using var broken = await ChildProcess.RunAsync("dotnet", arguments, feed.Environment);
        var all = broken.StandardOutput + "\n" + broken.StandardError;
        Assert.True(broken.ExitCode == 78, $"exit {broken.ExitCode}:\n{all}");
        var line = Assert.Single(all.Split('\n'), l => l.Contains("Cannot start:", StringComparison.Ordinal));
        Assert.Contains("Cannot start: " + where, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
        Assert.DoesNotContain(all.Split('\n'), l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(sockets));
    }
}
