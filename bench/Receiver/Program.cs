// bench-receiver MODE PATH COUNT SIZE [WARMUP]
//
// The .NET receivers of the receive-throughput benchmark (bench/run). Binds an AF_UNIX datagram socket to PATH,
// receives WARMUP + COUNT datagrams of SIZE bytes with the receive loop MODE names, and prints
//
//     RESULT <mode> <datagrams in the window> <seconds>
//
// exactly like the C receivers in bench/c; the window is defined by MeasurementWindow.
using System.Globalization;
using System.Net.Sockets;
using UnixDatagram.Bench;

if (args.Length is < 4 or > 5)
{
    return Usage();
}

string mode = args[0];
string path = args[1];
if (!TryParse(args[2], 2, out long count)
    || !TryParse(args[3], 1, out long size) || size > MeasurementWindow.MaxDatagramSize
    || !TryParse(args.Length == 5 ? args[4] : "0", 0, out long warmup))
{
    return Usage();
}

var window = new MeasurementWindow(count, warmup, (int)size);
try
{
    switch (mode)
    {
        case "socket-receive":
            SocketLoops.Receive(path, window);
            break;
        case "socket-receiveasync":
            await SocketLoops.ReceiveAsync(path, window).ConfigureAwait(false);
            break;
        case "transport":
            TransportLoop.Receive(path, window, dedicatedThread: true);
            break;
        case "transport-shared":
            TransportLoop.Receive(path, window, dedicatedThread: false);
            break;
        default:
            return Usage();
    }
}
catch (Exception error) when (error is InvalidDataException or SocketException)
{
    Console.Error.WriteLine($"bench-receiver {mode}: {error.Message}");
    return 1;
}

Console.Out.WriteLine(string.Create(
    CultureInfo.InvariantCulture, $"RESULT {mode} {window.TimedDatagrams} {window.ElapsedSeconds:F9}"));
return 0;

static bool TryParse(string text, long min, out long value) =>
    long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)
    && value >= min && value <= int.MaxValue;

static int Usage()
{
    Console.Error.WriteLine(
        "usage: bench-receiver socket-receive|socket-receiveasync|transport|transport-shared PATH COUNT SIZE [WARMUP]");
    return 2;
}
