namespace UnixDatagram.Daemon;

/// <summary>
/// What the log output had not written when <c>drainTimeout</c> passed at stop: the events still queued and those
/// whose write had not returned, and their bytes as <c>queueLimitBytes</c> counts them (<see cref="LogEventSize"/>).
/// </summary>
/// <param name="Events">Events not written (an event of the batch being written may be out in part).</param>
/// <param name="Bytes">Their estimated bytes.</param>
/// <param name="DrainTimeout">How long the drain waited.</param>
internal sealed record LogOutputLoss(long Events, long Bytes, TimeSpan DrainTimeout)
{
    /// <summary>One line for stderr and for systemd's <c>STATUS=</c>.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"log output: {Events} events ({Bytes} bytes) not written at stop: stderr took no more within drainTimeout ({DrainTimeout:c})");
}
