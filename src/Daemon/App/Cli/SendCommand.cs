using System.CommandLine;
using System.Diagnostics;
using System.Text;
using UnixDatagram.Transport;

namespace UnixDatagram.Daemon;

/// <summary><c>send PATH [TEXT] [--count N] [--size S]</c>: datagrams to a socket, waiting through congestion so none is lost.</summary>
internal static class SendCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("PATH") { Description = "The socket: a path, @name, or the name of an endpoint in appsettings.json." };
        var text = new Argument<string?>("TEXT") { Description = "One datagram. Without it, each line of standard input is one.", Arity = ArgumentArity.ZeroOrOne };
        var count = new Option<int?>("--count") { Description = "Send N datagrams: TEXT N times, or N generated datagrams of --size bytes." };
        var size = new Option<int>("--size") { Description = "Size of generated datagrams in bytes.", DefaultValueFactory = _ => 64 };
        var command = new Command("send", "Send datagrams to a UNIX datagram socket.") { path, text, count, size };
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--count must be at least 1.");
            }
        });
        size.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--size must be at least 1.");
            }
        });
        command.SetAction((result, cancellationToken) => RunAsync(
            DaemonConfiguration.ResolveTarget(result.GetValue(path)!),
            result.GetValue(text),
            result.GetValue(count),
            result.GetValue(size),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string path, string? text, int? count, int size, CancellationToken cancellationToken)
    {
        using var socket = new UnixDatagramSocket();
        try
        {
            socket.Connect(path);
            var started = Stopwatch.GetTimestamp();
            long sent = 0, bytes = 0;
            await foreach (var datagram in Datagrams(text, count, size, cancellationToken).ConfigureAwait(false))
            {
                await socket.SendAsync(datagram, cancellationToken).ConfigureAwait(false);
                sent++;
                bytes += datagram.Length;
            }

            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await Console.Error.WriteLineAsync($"sent {sent} datagrams ({bytes} bytes) to {path} in {seconds:F3} s").ConfigureAwait(false);
            return 0;
        }
        catch (UnixSocketException ex)
        {
            await Console.Error.WriteLineAsync($"dgramd send: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Datagrams(string? text, int? count, int size, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (text is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            for (var i = 0; i < (count ?? 1); i++)
            {
                yield return bytes;
            }
        }
        else if (count is { } n)
        {
            // Generated load: the sequence number, then filler, so a receiver can check order and loss.
            var buffer = new byte[size];
            buffer.AsSpan().Fill((byte)'x');
            for (var i = 0; i < n; i++)
            {
                var number = Encoding.ASCII.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                number.AsSpan(0, Math.Min(number.Length, size)).CopyTo(buffer);
                yield return buffer;
            }
        }
        else
        {
            while (await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                yield return Encoding.UTF8.GetBytes(line);
            }
        }
    }
}
