using System.Text;
using UnixDatagram.Transport;

namespace UnixDatagram.Packaging.Tests;

/// <summary>
/// README.md's "Write your own daemon" as a new user meets it: its <c>Program.cs</c> and <c>appsettings.json</c> taken
/// from the README as they stand, in a project of their own outside this tree that references the packed
/// <c>Dgramd.Hosting</c> and treats warnings as errors, built and run.
/// </summary>
[Collection(nameof(PackageFeedTests))]
public sealed class ReadmeDaemonTests(PackedFeed feed)
{
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
        using (var broken = await ChildProcess.RunAsync("dotnet", arguments, feed.Environment))
        {
            var all = broken.StandardOutput + "\n" + broken.StandardError;
            Assert.True(broken.ExitCode == 78, $"exit {broken.ExitCode}:\n{all}");
            var line = Assert.Single(all.Split('\n'), l => l.Contains("Cannot start:", StringComparison.Ordinal));
            Assert.Contains($"Cannot start: {file}: line 1, position ", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
            Assert.DoesNotContain(all.Split('\n'), l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
            Assert.Empty(Directory.GetFileSystemEntries(sockets));
        }

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
}
