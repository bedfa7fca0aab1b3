using System.Text;
using System.Threading.Channels;
using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests;

/// <summary>A handler that hands each payload, as text, to the test.</summary>
internal sealed class CapturingHandler : IDatagramHandler
{
    private readonly Channel<string> _payloads = Channel.CreateUnbounded<string>();

    public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        _payloads.Writer.TryWrite(Encoding.UTF8.GetString(context.Payload.Span));
        return ValueTask.CompletedTask;
    }

    public async Task<string> NextAsync() => await _payloads.Reader.ReadAsync().AsTask().WaitAsync(TestWait.Timeout);
}
