namespace UnixDatagram.Hosting;

/// <summary>
/// Live reload of a running daemon: re-reads configuration, validates all of it as start does, and applies it
/// (endpoints, targets, handler options). SIGHUP and the control request <c>reload</c> both end up here.
/// </summary>
public interface IDatagramDaemonReloader
{
    /// <summary>
    /// Reloads, one reload at a time. Requests coalesce: one made while a reload runs joins the next reload, with
    /// every other request made before that one begins, so many requests cost at most two reloads; each gets the
    /// outcome of a reload that began after it was made (never of one that had already read the configuration). Never
    /// throws for a bad configuration: an invalid one is rejected as a whole, the previous one keeps serving, and the
    /// result says why.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the outcome; a reload that has begun runs to its end, and one that every request stopped waiting for before it began is not run.</param>
    /// <returns>The outcome: applied, or failed with the error text (which names the configuration key).</returns>
    Task<DaemonReloadResult> ReloadAsync(CancellationToken cancellationToken = default);
}
