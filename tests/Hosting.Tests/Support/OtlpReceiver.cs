using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Google.Protobuf;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// An OTLP/HTTP receiver on loopback, as an OpenTelemetry Collector's <c>otlphttp</c> receiver would be: it takes
/// <c>POST /v1/metrics</c> and <c>/v1/logs</c> (protobuf), answers 200, and hands each request to the test. One made
/// with <c>refuseFirst</c> answers the first that many requests to each path 503 Service Unavailable (as a collector
/// that is starting, or overloaded) and does not hand them on.
/// </summary>
internal sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<(string Path, byte[] Body)> _requests = Channel.CreateUnbounded<(string, byte[])>();
    private readonly Task _loop;
    private readonly Dictionary<string, int> _refused = [];
    private readonly int _refuseFirst;

    public OtlpReceiver(int refuseFirst = 0)
    {
        _refuseFirst = refuseFirst;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Completes with the first request to <paramref name="path"/> that <paramref name="match"/> accepts.</summary>
    public async Task<byte[]> WaitForAsync(string path, Func<byte[], bool> match, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await foreach (var (requestPath, body) in _requests.Reader.ReadAllAsync(cancel.Token))
        {
            if (requestPath == path && match(body))
            {
                return body;
            }
        }

        throw new InvalidOperationException("the receiver stopped");
    }

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(10));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var path = context.Request.Url!.AbsolutePath;
            var refused = _refused.GetValueOrDefault(path);
            if (refused < _refuseFirst)
            {
                _refused[path] = refused + 1;
                context.Response.StatusCode = 503;
                context.Response.Close();
                continue;
            }

            _requests.Writer.TryWrite((path, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    /// <summary>The fields of one protobuf message: (field number, bytes of a length-delimited field or the integer value).</summary>
    public static List<(int Field, ByteString? Bytes, ulong Number)> Fields(ByteString message)
    {
        var fields = new List<(int, ByteString?, ulong)>();
        var input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.LengthDelimited: fields.Add((field, input.ReadBytes(), 0)); break;
                case WireFormat.WireType.Varint: fields.Add((field, null, input.ReadUInt64())); break;
                case WireFormat.WireType.Fixed64: fields.Add((field, null, input.ReadFixed64())); break;
                case WireFormat.WireType.Fixed32: fields.Add((field, null, input.ReadFixed32())); break;
                default: input.SkipLastField(); break;
            }
        }

        return fields;
    }

    /// <summary>The length-delimited fields reached by following <paramref name="path"/> (field numbers) from the message.</summary>
    public static IEnumerable<ByteString> Descend(ByteString message, params int[] path)
    {
        IEnumerable<ByteString> level = [message];
        foreach (var field in path)
        {
            level = level.SelectMany(m => Fields(m).Where(f => f.Field == field && f.Bytes is not null).Select(f => f.Bytes!)).ToList();
        }

        return level;
    }
}
