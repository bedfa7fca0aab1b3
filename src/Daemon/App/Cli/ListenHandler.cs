using UnixDatagram.Handlers;

namespace UnixDatagram.Daemon;

/// <summary>The handler behind <c>listen</c>: prints each datagram as <c>sender: text</c> (both escaped: one line per datagram), or only counts it.</summary>
internal sealed class ListenHandler(ListenOutput output) : IDatagramHandler
{
    public const string Name = "listen";

    public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        if (output.Take() && !output.Quiet)
        {
            var text = DisplayText.FromUtf8(context.Payload.Span);
            var truncated = context.IsTruncated ? $" (truncated from {Quantity.Of(context.DatagramLength, "byte")})" : string.Empty;
            output.Print($"{context.Sender}: {text}{truncated}");
        }

        return ValueTask.CompletedTask;
    }
}
