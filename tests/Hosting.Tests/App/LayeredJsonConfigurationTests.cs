using Microsoft.Extensions.Configuration;
using UnixDatagram.Daemon;

namespace UnixDatagram.Hosting.Tests.App;

/// <summary>
/// The daemon's configuration files as one source: one file gives exactly the keys of the framework's JSON provider;
/// between files, lists are replaced and objects merged.
/// </summary>
public sealed class LayeredJsonConfigurationTests
{
    private const string EveryKind = """
        {
          // comments and trailing commas, as the framework's provider allows
          "Text": "a", "Number": 1.50, "Yes": true, "No": false, "Nothing": null,
          "EmptyList": [], "EmptyObject": {},
          "List": [ "x", { "Inner": [ 1, [ 2 ] ] }, ],
        }
        """;

    [Theory]
    [InlineData("appsettings.json")]
    [InlineData("deploy/systemd/appsettings.json")]
    [InlineData("deploy/systemd/syslog/appsettings.json")]
    [InlineData(null)]
    public void Load_OneFile_SameKeysAsTheFrameworkJsonProvider(string? repositoryFile)
    {
        using var dir = new TempDirectory();
        var file = repositoryFile is null ? dir.File("every.json") : Path.Join(RepositoryPaths.Root, repositoryFile);
        if (repositoryFile is null)
        {
            File.WriteAllText(file, EveryKind);
        }

        var framework = new ConfigurationBuilder().AddJsonFile(file).Build().AsEnumerable().OrderBy(e => e.Key, StringComparer.Ordinal);
        var layered = Load(file).AsEnumerable().OrderBy(e => e.Key, StringComparer.Ordinal);

        Assert.Equal(framework, layered);
    }

    [Fact]
    public void Load_LaterFileHasAList_ReplacesTheEarlierListAsAWhole()
    {
        using var dir = new TempDirectory();
        var earlier = Write(dir, "1.json", """{ "D": { "Keep": "k", "L": [ { "A": "1", "Mode": "0666" }, { "A": "2" } ], "S": "old" } }""");
        var later = Write(dir, "2.json", """{ "D": { "L": [ { "A": "3" } ], "S": "new" } }""");

        var configuration = Load(earlier, later);

        Assert.Equal("3", configuration["D:L:0:A"]);
        Assert.Null(configuration["D:L:0:Mode"]);
        Assert.Empty(configuration.GetSection("D:L:1").GetChildren());
        Assert.Null(configuration["D:L:1:A"]);
        Assert.Equal("k", configuration["D:Keep"]);
        Assert.Equal("new", configuration["D:S"]);
    }

    [Fact]
    public void Load_LaterFileHasAnEmptyList_NoEntriesLeft()
    {
        using var dir = new TempDirectory();
        var earlier = Write(dir, "1.json", """{ "L": [ { "Handlers": [ "log" ] } ] }""");
        var later = Write(dir, "2.json", """{ "L": [ { "Handlers": [] } ] }""");

        var configuration = Load(earlier, later);

        Assert.Empty(configuration.GetSection("L:0:Handlers").GetChildren());
    }

    [Fact]
    public void Load_LaterFileHasAnObjectOfIndexes_ChangesThoseEntriesOnly()
    {
        using var dir = new TempDirectory();
        var earlier = Write(dir, "1.json", """{ "L": [ { "A": "1", "B": "x" }, { "A": "2" } ] }""");
        var later = Write(dir, "2.json", """{ "l": { "0": { "a": "one" }, "2": { "A": "3" } } }""");

        var configuration = Load(earlier, later);

        Assert.Equal(["one", "x", "2", "3"], new[] { "L:0:A", "L:0:B", "L:1:A", "L:2:A" }.Select(k => configuration[k]));
    }

    [Fact]
    public void Load_FileIsNotJson_NamesFileLineAndPosition()
    {
        using var dir = new TempDirectory();
        var good = Write(dir, "1.json", """{ "A": "1" }""");
        var bad = Write(dir, "2.json", "{\n  \"A\": \"2\"\n  \"B\": 3\n}");

        var error = Assert.Throws<ConfigurationFileException>(() => Load(good, bad));

        Assert.StartsWith($"{bad}: line 3, position 3: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.Equal(bad, error.FilePath);
    }

    [Theory]
    [InlineData("""[ 1 ]""", "the top level must be a JSON object")]
    [InlineData("""{ "A": 1, "a": 2 }""", "the key 'a' is there twice")]
    [InlineData("", "line 1, position 1: ")]
    public void Load_FileNotAConfiguration_NamesFileAndProblem(string text, string expected)
    {
        using var dir = new TempDirectory();
        var file = Write(dir, "bad.json", text);

        var error = Assert.Throws<ConfigurationFileException>(() => Load(file));

        Assert.StartsWith($"{file}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reload_FileBrokenSince_ThrowsAndKeepsThePreviousKeys()
    {
        using var dir = new TempDirectory();
        var file = Write(dir, "1.json", """{ "L": [ "a", "b" ] }""");
        var configuration = Load(file);
        Write(dir, "1.json", """{ "L": [ "c" ] }""");
        configuration.Reload();
        Assert.Equal("c", configuration["L:0"]);
        Assert.Null(configuration["L:1"]);

        Write(dir, "1.json", """{ "L": [ "d", }""");

        Assert.Throws<ConfigurationFileException>(configuration.Reload);
        Assert.Equal("c", configuration["L:0"]);
    }

    private static IConfigurationRoot Load(params string[] files) =>
        new ConfigurationBuilder().Add(new LayeredJsonConfigurationSource(files)).Build();

    private static string Write(TempDirectory dir, string name, string text)
    {
        File.WriteAllText(dir.File(name), text);
        return dir.File(name);
    }
}
