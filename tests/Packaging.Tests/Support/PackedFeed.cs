namespace UnixDatagram.Packaging.Tests;

/// <summary>
/// <c>dotnet pack Daemon.sln</c> once for the test class, into a fresh local feed, with a version of its own (so that a
/// package cached in ~/.nuget/packages by an earlier run is never taken for this one) and build output outside the
/// tree (UDG_ARTIFACTS), so the tests never touch the working copy's bin/ and obj/.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    public static readonly TimeSpan DotnetTimeout = TimeSpan.FromMinutes(8);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("dgramd-pack-");

    public string Feed => Path.Join(_root.FullName, "feed");

    public string Work => _root.FullName;

    public string Version { get; } = "0.1.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    public Dictionary<string, string> Environment => new()
    {
        ["UDG_ARTIFACTS"] = Path.Join(_root.FullName, "artifacts"),
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",

        // A nested build must not attach to the MSBuild nodes of the 'dotnet test' (or another nested build) running
        // beside it: a node shared across builds of one tree has ended them with MSB4166 ("child node exited prematurely").
        ["MSBUILDDISABLENODEREUSE"] = "1",
    };

    public string Package(string id) => Path.Join(Feed, $"{id}.{Version}.nupkg");

    public async Task InitializeAsync()
    {
        var pack = await ChildProcess.RunAsync("dotnet", ["pack", RepositoryPaths.File("Daemon.sln"), "-c", "Release", "-o", Feed, "-p:Version=" + Version, "--disable-build-servers"], Environment, timeout: DotnetTimeout);
        Assert.True(pack.ExitCode == 0, $"dotnet pack failed ({pack.ExitCode}):\n{pack.StandardOutput}\n{pack.StandardError}");
    }

    /// <summary>A <c>nuget.config</c> in <paramref name="directory"/>: the packed libraries from the local feed, everything else from the usual registry.</summary>
    internal Task WriteNuGetConfigAsync(string directory) => File.WriteAllTextAsync(Path.Join(directory, "nuget.config"), $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="local" value="{Feed}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
        </configuration>
        """);

    /// <summary>Runs <c>dotnet ARGS</c> to completion and fails the test, with its output, when it fails.</summary>
    internal async Task<ChildProcess> DotnetAsync(params string[] arguments)
    {
        var run = await ChildProcess.RunAsync("dotnet", arguments, Environment, timeout: DotnetTimeout);
        Assert.True(run.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed ({run.ExitCode}):\n{run.StandardOutput}\n{run.StandardError}");
        return run;
    }

    public Task DisposeAsync()
    {
        _root.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
