namespace UnixDatagram.Hosting.Diagnostics;

/// <summary>
/// The log category of a hosting type. Operators filter on categories (Serilog <c>MinimumLevel:Override</c>,
/// <c>journalctl | grep</c>), so they are <c>UnixDatagram.Hosting.&lt;Type&gt;</c> whatever folder and namespace the
/// type lives in: moving code must not change what an operator's filter matches.
/// </summary>
internal static class LogCategory
{
    /// <summary>Creates the logger of <typeparamref name="T"/> under its stable category.</summary>
    /// <typeparam name="T">The type that logs.</typeparam>
    /// <param name="factory">The host's logger factory.</param>
    /// <returns>A logger whose category is <c>UnixDatagram.Hosting.</c> and the type's name.</returns>
    public static ILogger For<T>(ILoggerFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.CreateLogger("UnixDatagram.Hosting." + typeof(T).Name);
    }
}
