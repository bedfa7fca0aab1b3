using System.IO.Compression;
using System.Xml.Linq;

namespace UnixDatagram.Packaging.Tests;

/// <summary>What <c>dotnet pack Daemon.sln</c> produces: the three libraries, the dgramd tool and the template, each with the metadata a package index shows.</summary>
[Collection(nameof(PackageFeedTests))]
public sealed class PackageMetadataTests(PackedFeed feed)
{
    public static TheoryData<string> Packages => new() { "Dgramd.Transport", "Dgramd.Handlers", "Dgramd.Hosting", "dgramd", "Dgramd.Templates" };

    [Theory]
    [MemberData(nameof(Packages))]
    public void Pack_EachPackage_CarriesLicenceReadmeDescriptionTagsAndRepository(string id)
    {
        var (nuspec, entries) = Read(feed.Package(id));
        var ns = nuspec.Root!.GetDefaultNamespace();
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        Assert.Contains("README.md", entries);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
        Assert.Contains("systemd", metadata.Element(ns + "tags")?.Value ?? "", StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{40}$", metadata.Element(ns + "repository")?.Attribute("commit")?.Value ?? "");
    }

    [Theory]
    [InlineData("Dgramd.Transport")]
    [InlineData("Dgramd.Handlers")]
    [InlineData("Dgramd.Hosting")]
    [InlineData("dgramd")]
    public void Pack_CodePackages_HaveSymbolPackages(string id)
    {
        var symbols = Path.ChangeExtension(feed.Package(id), ".snupkg");
        Assert.True(File.Exists(symbols), $"{symbols} is missing");
        Assert.Contains(Read(symbols).Entries, e => e.EndsWith(".pdb", StringComparison.Ordinal));
    }

    [Fact]
    public void Pack_Daemon_IsADotnetToolNamedDgramd()
    {
        var (nuspec, entries) = Read(feed.Package("dgramd"));
        var ns = nuspec.Root!.GetDefaultNamespace();
        Assert.Equal("DotnetTool", nuspec.Root.Element(ns + "metadata")!.Element(ns + "packageTypes")?.Element(ns + "packageType")?.Attribute("name")?.Value);
        Assert.Contains("tools/net10.0/any/dgramd.dll", entries);
        Assert.Contains("tools/net10.0/any/appsettings.json", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("content", StringComparison.Ordinal) || e.StartsWith("lib/", StringComparison.Ordinal));
    }

    [Fact]
    public void Pack_Solution_PacksNeitherTestsNorBenchmarks()
    {
        var ids = Directory.GetFiles(feed.Feed, "*.nupkg").Select(f => Path.GetFileName(f)[..^$".{feed.Version}.nupkg".Length]).Order(StringComparer.Ordinal);
        Assert.Equal(["dgramd", "Dgramd.Handlers", "Dgramd.Hosting", "Dgramd.Templates", "Dgramd.Transport"], ids.Order(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Pack_Libraries_DependOnEachOtherAtTheSameVersion()
    {
        var (nuspec, _) = Read(feed.Package("Dgramd.Hosting"));
        var ns = nuspec.Root!.GetDefaultNamespace();
        var handlers = nuspec.Descendants(ns + "dependency").Single(d => d.Attribute("id")?.Value == "Dgramd.Handlers");
        Assert.Equal(feed.Version, handlers.Attribute("version")?.Value);
    }

    private static (XDocument Nuspec, List<string> Entries) Read(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspecEntry.Open();
        return (XDocument.Load(stream), entries);
    }
}
