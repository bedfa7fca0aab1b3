namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// Tests that measure the shared I/O thread run alone: another test's socket callbacks would run, and allocate, on
/// that same thread.
/// </summary>
[CollectionDefinition(nameof(ListenerIoThreadAlone), DisableParallelization = true)]
public sealed class ListenerIoThreadAlone;
