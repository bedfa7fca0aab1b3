using System.Reflection;
using System.Runtime.CompilerServices;
using Serilog.Configuration;

namespace UnixDatagram.Daemon;

/// <summary>
/// The forms a sink name in the <c>Serilog</c> section can take, found as Serilog.Settings.Configuration finds them:
/// public static extension methods on <see cref="LoggerSinkConfiguration"/> (<c>WriteTo</c>) or
/// <see cref="LoggerAuditSinkConfiguration"/> (<c>AuditTo</c>) in public static classes of the assemblies it loaded
/// (Serilog, those named in <c>Serilog:Using</c>, and those of the application whose name contains "serilog"), plus the
/// instance methods it stands in for (<c>Sink</c>, <c>Logger</c>). Read after the reader ran, so that every assembly
/// it looked in is loaded.
/// </summary>
internal static class SerilogSinkForms
{
    /// <summary>One form: its parameters as the configuration names them (the receiver left out).</summary>
    internal sealed record Form(MethodInfo Method, IReadOnlyList<ParameterInfo> Parameters);

    /// <summary>The forms of <paramref name="name"/> on <paramref name="receiver"/>; empty for a name the reader does not know.</summary>
    public static IReadOnlyList<Form> Of(string? name, Type receiver) =>
        name is null ? [] : [.. All(receiver).Where(f => f.Method.Name == name)];

    /// <summary>Every name the reader knows on <paramref name="receiver"/>, in order.</summary>
    public static IReadOnlyList<string> Names(Type receiver) =>
        [.. All(receiver).Select(f => f.Method.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static IEnumerable<Form> All(Type receiver)
    {
        var extensions = AppDomain.CurrentDomain.GetAssemblies()
            .Where(ReferencesSerilog)
            .SelectMany(ExportedTypes)
            .Where(t => t is { IsSealed: true, IsAbstract: true, IsNested: false })
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.IsDefined(typeof(ExtensionAttribute), false))
            .Select(m => (Method: m, Parameters: m.GetParameters()))
            .Where(m => m.Parameters[0].ParameterType == receiver)
            .Select(m => new Form(m.Method, m.Parameters[1..]));
        var instance = receiver.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.Name is "Sink" or "Logger")
            .Select(m => new Form(m, m.GetParameters()));
        return extensions.Concat(instance);
    }

    private static bool ReferencesSerilog(Assembly assembly) =>
        !assembly.IsDynamic
        && (assembly == typeof(LoggerConfiguration).Assembly
            || assembly.GetReferencedAssemblies().Any(a => a.Name == typeof(LoggerConfiguration).Assembly.GetName().Name));

    private static Type[] ExportedTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or NotSupportedException)
        {
            // An assembly whose dependencies are missing holds no form the reader could have called either.
            return [];
        }
    }
}
