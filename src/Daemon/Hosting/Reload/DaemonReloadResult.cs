namespace UnixDatagram.Hosting;

/// <summary>The outcome of one reload.</summary>
/// <param name="Succeeded">Whether the new configuration is in force.</param>
/// <param name="Message">On success a summary (<c>3 endpoints (1 added, 1 removed, 0 changed), 1 target</c>); on failure the error, naming the configuration key.</param>
public sealed record DaemonReloadResult(bool Succeeded, string Message);
