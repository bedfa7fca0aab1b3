using System.Text;
using System.Text.Json;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Tests;

/// <summary>Asks a control socket as root (this test process) does: bound to an abstract name, connected, one request, one JSON answer.</summary>
internal static class ControlClient
{
    public static async Task<JsonDocument> AskAsync(string path, string request)
    {
        using var socket = TestSockets.Bound(UnixSocketAddress.FromAbstractName("udg-test-" + Guid.NewGuid().ToString("N")));
        socket.Connect(path);
        await socket.SendAsync(Encoding.UTF8.GetBytes(request)).Within();
        var buffer = new byte[1 << 20];
        var answer = await socket.ReceiveAsync(buffer).AsTask().Within();
        return JsonDocument.Parse(buffer.AsMemory(0, answer.Length));
    }

    public static long Counter(JsonDocument stats, string name) =>
        stats.RootElement.GetProperty("control").GetProperty(name).GetInt64();
}
