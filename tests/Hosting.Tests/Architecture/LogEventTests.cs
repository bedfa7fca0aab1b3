using System.Reflection;
using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting.Tests.Architecture;

/// <summary>
/// Every <see cref="LoggerMessageAttribute"/> method in our assemblies has its own event id and its own explicit
/// event name, so an operator can filter on either (the ranges: README.md, "Log events").
/// </summary>
public sealed class LogEventTests
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(UnixDatagram.Transport.UnixDatagramSocket).Assembly,
        typeof(UnixDatagram.Handlers.IDatagramHandler).Assembly,
        typeof(DatagramDaemonBuilder).Assembly,
        Assembly.Load("dgramd"),
    ];

    [Fact]
    public void LoggerMessages_InAllAssemblies_HaveUniqueEventIds()
    {
        var events = LogEvents();

        var duplicates = events.GroupBy(e => e.Attribute.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}")
            .ToList();

        Assert.True(events.Count > 50, $"Only {events.Count} log methods found: the reflection misses some.");
        Assert.True(duplicates.Count == 0, "Event ids used more than once:\n" + string.Join("\n", duplicates));
    }

    [Fact]
    public void LoggerMessages_InAllAssemblies_HaveUniqueEventNames()
    {
        var duplicates = LogEvents().Where(e => !string.IsNullOrEmpty(e.Attribute.EventName))
            .GroupBy(e => e.Attribute.EventName, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => $"{e.Attribute.EventId} {e.Method}"))}")
            .ToList();

        Assert.True(duplicates.Count == 0, "Event names used by more than one event (a filter on the name would match them all):\n" + string.Join("\n", duplicates));
    }

    [Fact]
    public void LoggerMessages_InAllAssemblies_SetEventName()
    {
        var unnamed = LogEvents().Where(e => string.IsNullOrEmpty(e.Attribute.EventName)).Select(e => $"{e.Attribute.EventId} {e.Method}").ToList();

        Assert.True(unnamed.Count == 0, "Log methods without EventName:\n" + string.Join("\n", unnamed));
    }

    [Fact]
    public void LoggerMessages_InAllAssemblies_AreDeclaredOneWay()
    {
        var others = LogMethods()
            .Where(m => !(m.Method.IsStatic && m.Method.IsAssembly && m.Method.Name.StartsWith("Log", StringComparison.Ordinal)
                          && (m.Method.DeclaringType!.Name.EndsWith("Log", StringComparison.Ordinal)
                              || m.Method.DeclaringType.DeclaringType?.Name.EndsWith("Log", StringComparison.Ordinal) == true)
                          && m.Method.GetParameters() is [{ ParameterType: var first }, ..] && first == typeof(ILogger)))
            .Select(m => $"{m.Attribute.EventId} {m.Method.DeclaringType!.FullName}.{m.Method.Name}")
            .ToList();

        Assert.True(others.Count == 0, "Log methods not declared as 'internal static partial void LogXxx(ILogger logger, ...)' in a ...Log class (or a class nested in one):\n" + string.Join("\n", others));
    }

    private static List<(string Method, LoggerMessageAttribute Attribute)> LogEvents() =>
        [.. LogMethods().Select(m => ($"{m.Method.DeclaringType!.FullName}.{m.Method.Name}", m.Attribute))];

    private static List<(MethodInfo Method, LoggerMessageAttribute Attribute)> LogMethods() =>
    [
        .. from assembly in Assemblies
           from type in assembly.GetTypes()
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
           let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
           where attribute is not null
           select (method, attribute),
    ];
}
