namespace UnixDatagram.Packaging.Tests;

/// <summary>The daemon as a .NET tool: <c>dotnet tool install dgramd</c> gives a working <c>dgramd</c> command.</summary>
[Collection(nameof(PackageFeedTests))]
public sealed class ToolTests(PackedFeed feed)
{
    [Fact]
    public async Task ToolInstall_FromThePackedTool_GivesADgramdCommandThatAnswersHelp()
    {
        var tools = Path.Join(feed.Work, "tools");
        await feed.DotnetAsync("tool", "install", "dgramd", "--tool-path", tools, "--add-source", feed.Feed, "--version", feed.Version);

        var help = await ChildProcess.RunAsync(Path.Join(tools, "dgramd"), ["--help"], feed.Environment);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("send", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("listen", help.StandardOutput, StringComparison.Ordinal);
    }
}
