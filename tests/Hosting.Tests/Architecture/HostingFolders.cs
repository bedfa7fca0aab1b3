using System.Reflection;
using System.Runtime.CompilerServices;

namespace UnixDatagram.Hosting.Tests.Architecture;

/// <summary>
/// The folder graph of src/Daemon/Hosting: who may use whom (also in ARCHITECTURE.md). A folder not listed as a key
/// may use nothing; "" is the root, the setup (AddDatagramDaemon, the builder, DaemonHostExtensions), which may use all.
/// </summary>
internal static class HostingFolders
{
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [""] = ["Control", "Reload", "Health", "Systemd", "Endpoints", "Sending", "Options", "Diagnostics", "Configuration"],
        ["Control"] = ["Reload", "Endpoints", "Sending", "Options", "Diagnostics"],
        ["Reload"] = ["Endpoints", "Sending", "Options", "Diagnostics"],
        ["Health"] = ["Endpoints", "Sending", "Options", "Diagnostics"],
        ["Systemd"] = ["Endpoints", "Options", "Diagnostics"],
        ["Endpoints"] = ["Options", "Diagnostics"],
        ["Sending"] = ["Options", "Diagnostics"],
        ["Options"] = ["Diagnostics"],
        ["Diagnostics"] = [],
        ["Configuration"] = [],
    };

    /// <summary>Type name (the file's name up to its first dot: <c>SendTarget.Queue.cs</c> is <c>SendTarget</c>) to folder ("" for the root).</summary>
    public static Dictionary<string, string> OfSourceFiles(string hostingDirectory)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(hostingDirectory, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(hostingDirectory, file);
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal))
            {
                continue;
            }

            var folder = relative.Contains('/', StringComparison.Ordinal) ? relative[..relative.IndexOf('/', StringComparison.Ordinal)] : "";
            var name = Path.GetFileName(file);
            map[name[..name.IndexOf('.', StringComparison.Ordinal)]] = folder;
        }

        return map;
    }

    /// <summary>The assembly's own top-level types (not the compiler's or a source generator's helpers).</summary>
    public static IEnumerable<Type> OwnTypes(Assembly assembly) => assembly.GetTypes().Where(t =>
        !t.IsNested
        && t.Namespace is { } ns
        && (ns == "UnixDatagram.Hosting" || ns.StartsWith("UnixDatagram.Hosting.", StringComparison.Ordinal))
        && !t.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false));

    /// <summary>The file a type is declared in is named after it, without the generic arity.</summary>
    public static string FileName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    /// <summary>Each use of a type in another folder that <see cref="Allowed"/> does not allow, as "From/Type uses To/Type".</summary>
    public static List<string> Violations(Assembly assembly, IReadOnlyDictionary<string, string> folders)
    {
        var violations = new List<string>();
        foreach (var type in OwnTypes(assembly))
        {
            var from = folders[FileName(type)];
            foreach (var used in TypeReferences.Of(type).Where(u => u.Assembly == assembly))
            {
                var top = used;
                while (top.DeclaringType is { } outer)
                {
                    top = outer;
                }

                if (!folders.TryGetValue(FileName(top), out var to) || to == from || Allowed[from].Contains(to))
                {
                    continue;
                }

                violations.Add($"{Label(from)}/{FileName(type)} uses {Label(to)}/{FileName(top)}");
            }
        }

        return [.. violations.Distinct().Order(StringComparer.Ordinal)];
    }

    private static string Label(string folder) => folder.Length == 0 ? "(root)" : folder;
}
