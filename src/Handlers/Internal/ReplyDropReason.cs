namespace UnixDatagram.Handlers.Internal;

/// <summary>Why a reply was dropped instead of sent.</summary>
internal enum ReplyDropReason
{
    /// <summary>It waited <c>ReplyTimeout</c> for room and none came.</summary>
    TimedOut,

    /// <summary>It did not wait: <c>ReplyTimeout</c> is zero, or a reply was dropped lately (to this peer or to any).</summary>
    NotWaiting,

    /// <summary>It did not wait: the peer is an abstract name, which could pass to another socket during a wait.</summary>
    AbstractName,

    /// <summary>Nothing receives at the sender's address any more (<see cref="UnixSocketException.IsPeerGone"/>).</summary>
    SenderGone,

    /// <summary>The sender bound a relative path, which names its socket only in its own working directory (<see cref="UnixSocketAddress.IsRelativePath"/>).</summary>
    RelativePath,
}
