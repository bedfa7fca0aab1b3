namespace UnixDatagram.Hosting;

/// <summary>What an endpoint does with a datagram longer than its <see cref="DatagramEndpointOptions.MaxDatagramSize"/>.</summary>
public enum TruncatedDatagramMode
{
    /// <summary>Count it, log it, and do not hand it to the handlers.</summary>
    Drop,
    /// <summary>Count it, log it, and hand its first bytes to the handlers with <c>IsTruncated</c> set.</summary>
    Deliver,
}
