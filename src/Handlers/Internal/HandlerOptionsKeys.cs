namespace UnixDatagram.Handlers.Internal;

/// <summary>Where the hosting layer binds each handler's options, for error messages that name the configuration key.</summary>
internal static class HandlerOptionsKeys
{
    /// <summary>The section whose children are the handlers' options, one per registered name.</summary>
    public const string Section = "Daemon:Handlers";

    /// <summary>The configuration key of <paramref name="property"/> for the handler called <paramref name="name"/>.</summary>
    public static string Key(string name, string property) => $"{Section}:{name}:{property}";
}
