namespace UnixDatagram.Hosting;

/// <summary>
/// Live reload of a running daemon: re-reads configuration, validates all of it as start does, and applies it
/// (endpoints, targets, handler options). SIGHUP and the control request <c>reload</c> both end up here.
/// </summary>
public interface IDatagramDaemonReloader
{
    /// <summary>
    /// Reloads once the reloads before it have finished (one at a time). Never throws for a bad configuration: an
    /// invalid one is rejected as a whole, the previous one keeps serving, and the result says why.
    /// </summary>
    /// <param name="cancellationToken">Gives up waiting for an earlier reload; a reload that has begun runs to its end.</param>
    /// <returns>The outcome: applied, or failed with the error text (which names the configuration key).</returns>
    Task<DaemonReloadResult> ReloadAsync(CancellationToken cancellationToken = default);
}
