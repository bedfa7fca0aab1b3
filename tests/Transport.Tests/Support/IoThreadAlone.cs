namespace UnixDatagram.Transport.Tests;

/// <summary>
/// Tests that measure the shared I/O thread itself run alone: any other test's socket callbacks would run, and
/// allocate, on that same thread.
/// </summary>
[CollectionDefinition(nameof(IoThreadAlone), DisableParallelization = true)]
public sealed class IoThreadAlone;
