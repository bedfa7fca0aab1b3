using System.Reflection;
using UnixDatagram.Hosting.Tests.Systemd;

namespace UnixDatagram.Hosting.Tests.Architecture;

/// <summary>
/// The folders of src/Daemon/Hosting are rooms with one job each, and a folder uses only the folders below it
/// (<see cref="HostingFolders.Allowed"/>), read from the compiled assembly, so a call hidden in a method body counts.
/// </summary>
public sealed class HostingFolderTests
{
    private static readonly Assembly Hosting = typeof(DatagramDaemonBuilder).Assembly;

    [Fact]
    public void HostingFolders_EachTypeUsesOnlyAllowedFolders_NoViolation()
    {
        var folders = HostingFolders.OfSourceFiles(RepositoryPaths.File("src", "Daemon", "Hosting"));

        var violations = HostingFolders.Violations(Hosting, folders);

        Assert.True(violations.Count == 0, "Folders in src/Daemon/Hosting use folders they must not:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void HostingFolders_WithAForbiddenReference_ReportsIt()
    {
        // The same check over a type map in which the endpoint is placed in Options: Options may use only Diagnostics.
        var folders = HostingFolders.OfSourceFiles(RepositoryPaths.File("src", "Daemon", "Hosting"));
        var endpoint = Hosting.GetTypes().Single(t => t.Name == "DatagramEndpoint");
        folders["DatagramEndpoint"] = "Options";

        var violations = HostingFolders.Violations(Hosting, folders);

        Assert.Contains(violations, v => v.StartsWith($"Options/{endpoint.Name} uses ", StringComparison.Ordinal) && !v.Contains(" uses Diagnostics/", StringComparison.Ordinal));
    }

    [Fact]
    public void HostingTypes_NamespaceFollowsFolder_PublicInRootNamespace()
    {
        var folders = HostingFolders.OfSourceFiles(RepositoryPaths.File("src", "Daemon", "Hosting"));
        var wrong = new List<string>();
        foreach (var type in HostingFolders.OwnTypes(Hosting))
        {
            Assert.True(folders.TryGetValue(HostingFolders.FileName(type), out var folder), $"{type.FullName} has no file named after it in src/Daemon/Hosting.");
            var expected = type.IsPublic || folder.Length == 0 ? "UnixDatagram.Hosting" : "UnixDatagram.Hosting." + folder;
            if (type.Namespace != expected)
            {
                wrong.Add($"{type.FullName} (in {(folder.Length == 0 ? "the root" : folder)}, {(type.IsPublic ? "public" : "internal")}) should be in namespace {expected}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
