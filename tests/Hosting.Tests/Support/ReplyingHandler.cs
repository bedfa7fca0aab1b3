using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests;

/// <summary>A handler that replies <c>re: PAYLOAD</c> to every datagram without asking <see cref="DatagramContext.CanReply"/> first, as a user's handler may.</summary>
internal sealed class ReplyingHandler : IDatagramHandler
{
    public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken) =>
        context.ReplyAsync((byte[])[.. "re: "u8, .. context.Payload.Span], cancellationToken);
}
