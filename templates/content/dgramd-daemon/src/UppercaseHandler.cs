using System.Text;
using UnixDatagram.Handlers;

namespace MyDaemon;

/// <summary>Answers each datagram with its text in upper case. An unbound sender cannot be answered.</summary>
public sealed class UppercaseHandler : IDatagramHandler
{
    /// <inheritdoc />
    public async ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        if (context.CanReply)
        {
            var text = Encoding.UTF8.GetString(context.Payload.Span).ToUpperInvariant();
            await context.ReplyAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        }
    }
}
