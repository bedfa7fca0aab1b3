namespace UnixDatagram.Transport.Tests;

/// <summary>
/// A socket closed while another thread starts a child process lives on in that child until its exec; the tests that
/// close a socket and then expect it gone rely on <see cref="ForkGate"/> to rule that out.
/// </summary>
public sealed class ForkGateTests
{
    private const int Children = 50;

    [Fact]
    public async Task Close_WhileAnotherThreadStartsChildren_TheAbstractNameIsFreeWhenItReturns()
    {
        var started = 0;
        var spawner = Task.Run(async () =>
        {
            for (; Volatile.Read(ref started) < Children; Interlocked.Increment(ref started))
            {
                using var child = await ChildProcess.RunAsync("true", []);
            }
        });

        var (closes, stillHeld) = (0, 0);
        while (!spawner.IsCompleted)
        {
            var address = UnixSocketAddress.FromAbstractName($"dgramd-forkgate-{Environment.ProcessId}-{Guid.NewGuid():N}");
            var holder = Bound(address);
            ForkGate.Close(holder);
            closes++;
            if (UnixSocketFile.IsHeld(address))
            {
                stillHeld++;
            }
        }

        await spawner.Within();

        Assert.True(stillHeld == 0, $"{stillHeld} of {closes} names were still held after their socket was closed, while {Children} children were started");
    }
}
