namespace UnixDatagram.Hosting.Sending;

/// <content>Drops by the DropNewest policy: counted one by one, logged at most once per <see cref="DropLogInterval"/>.</content>
internal sealed partial class SendTarget
{
    /// <summary>The shortest time between two drop warnings; the drops in between are summed into the next one.</summary>
    private static readonly TimeSpan DropLogInterval = TimeSpan.FromSeconds(10);

    /// <summary>A congestion at least this long is logged at Information when it ends; shorter ones at Debug.</summary>
    private static readonly TimeSpan LongCongestion = TimeSpan.FromSeconds(1);

    private long _unloggedDrops;
    private DateTimeOffset _firstUnloggedDrop;
    private DateTimeOffset? _lastDropLog;

    private void DropLocked()
    {
        Statistics.CountDropped();
        var now = _time.GetUtcNow();
        if (_unloggedDrops++ == 0)
        {
            _firstUnloggedDrop = now;
        }

        if (_lastDropLog is not { } last || now - last >= DropLogInterval)
        {
            FlushDropLogLocked();
        }
    }

    /// <summary>Logs the drops not logged yet: when the interval allows, when congestion ends, and at stop, so none is silent.</summary>
    private void FlushDropLogLocked()
    {
        if (_unloggedDrops == 0)
        {
            return;
        }

        SenderLog.Dropped(_logger, Name, _unloggedDrops, _firstUnloggedDrop, _capacity);
        _unloggedDrops = 0;
        _lastDropLog = _time.GetUtcNow();
    }
}
