using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests;

/// <summary>Goes asynchronous and comes back at once: every datagram takes the endpoint's asynchronous path.</summary>
internal sealed class YieldingHandler : IDatagramHandler
{
    public async ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken) => await Task.Yield();
}
