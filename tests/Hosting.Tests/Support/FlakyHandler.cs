using UnixDatagram.Handlers;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// Throws on every odd-numbered datagram: synchronously for 1, 5, 9, ..., after going asynchronous for 3, 7, 11, ...,
/// so both of the endpoint's paths meet a failure.
/// </summary>
internal sealed class FlakyHandler : IDatagramHandler
{
    public async ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        var number = Payloads.Number(context.Payload.ToArray());
        if (number % 4 == 1)
        {
            throw new InvalidOperationException($"flaky refuses {number}");
        }

        if (number % 4 == 3)
        {
            await Task.Yield();
            throw new InvalidOperationException($"flaky refuses {number} later");
        }
    }
}
