using System.Diagnostics;

namespace UnixDatagram.Daemon;

/// <summary><c>send PATH [TEXT] [--count N] [--size S]</c>: datagrams to a socket, waiting through congestion so none is lost.</summary>
internal static class SendCommand
{
    /// <summary>
    /// The socket could not be reached: nothing is there (<c>ENOENT</c>: no socket file, or no socket directory, as a
    /// stopped daemon leaves), nobody reads it (<c>ECONNREFUSED</c>), or the kernel refused the connect or a send.
    /// </summary>
    private const int NotThere = 1;

    /// <summary>The socket is not trusted (another user's, or in a directory another user may write): sysexits' <c>EX_NOPERM</c>, as for the control commands.</summary>
    private const int NotTrusted = 77;

    /// <summary>A reply was cut by the receive buffer (1 MiB): sysexits' <c>EX_PROTOCOL</c>, as for the control commands.</summary>
    private const int ReplyCut = 76;

    public static Command Create()
    {
        var path = new Argument<string>("PATH") { Description = "The socket: a path, @name, or the name of an endpoint in appsettings.json." };
        var text = new Argument<string?>("TEXT") { Description = "One datagram. Without it, each line of standard input is one.", Arity = ArgumentArity.ZeroOrOne };
        var count = new Option<int?>("--count") { Description = "Send N datagrams: TEXT N times, or N generated datagrams of --size bytes." };
        var size = new Option<int>("--size") { Description = "Size of generated datagrams in bytes.", DefaultValueFactory = _ => 64 };
        var reply = new Option<bool>("--reply") { Description = "Bind a temporary abstract address (so the receiver can answer), wait for one reply to each datagram and print it on standard output, escaped (one line each)." };
        var timeout = new Option<double>("--timeout") { Description = "With --reply: seconds to wait for each reply; exit 3 when one does not come.", DefaultValueFactory = _ => 5 };
        var command = new Command("send", "Send datagrams to a UNIX datagram socket.") { path, text, count, size, reply, timeout };
        timeout.Seconds();
        count.AtLeast(1);
        size.AtLeast(1);
        command.Validators.Add(result =>
        {
            // --size shapes only generated datagrams: with TEXT or standard input it would be ignored without a word.
            // Whether --count was given, not its value: one that does not convert is left to the parser's own error.
            if (result.GetResult(size) is { Implicit: false } && (result.GetValue(text) is not null || result.GetResult(count) is null))
            {
                result.AddError("--size applies only to generated datagrams (--count N without TEXT); TEXT and lines of standard input are sent as they are.");
            }
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!DaemonConfiguration.TryResolveTarget(result.GetValue(path)!, out var target, out var error))
            {
                await Console.Error.WriteLineAsync($"dgramd send: {error}").ConfigureAwait(false);
                return DaemonCommandLine.UsageExitCode;
            }

            var replies = result.GetValue(reply) ? TimeSpan.FromSeconds(result.GetValue(timeout)) : (TimeSpan?)null;
            return await RunAsync(target, result.GetValue(text), result.GetValue(count), result.GetValue(size), replies, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(string path, string? text, int? count, int size, TimeSpan? replyTimeout, CancellationToken cancellationToken)
    {
        using var socket = new UnixDatagramSocket();
        var buffer = replyTimeout is null ? [] : new byte[1 << 20];
        var length = 0;
        try
        {
            DaemonConfiguration.CheckSocketDirectory(path);
            if (replyTimeout is not null)
            {
                // An unbound sender cannot be answered: a random abstract name needs no file and vanishes with us.
                socket.Bind(UnixSocketAddress.FromAbstractName($"dgramd-send-{Environment.ProcessId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}"));
            }

            if (path.StartsWith('@'))
            {
                socket.Connect(path);
            }
            else
            {
                // Sent with this user's credentials, and any reply believed: only to a socket no other user could have put there.
                TrustedSocket.Connect(socket, path);
            }

            var started = Stopwatch.GetTimestamp();
            long sent = 0, bytes = 0;
            await foreach (var datagram in Datagrams(text, count, size, cancellationToken).ConfigureAwait(false))
            {
                length = datagram.Length;
                await socket.SendAsync(datagram, cancellationToken).ConfigureAwait(false);
                sent++;
                bytes += datagram.Length;
                if (replyTimeout is { } wait)
                {
                    var answer = await socket.ReceiveAsync(buffer, cancellationToken).AsTask().WaitAsync(wait, cancellationToken).ConfigureAwait(false);
                    if (answer.IsTruncated)
                    {
                        // Never printed as if whole; a datagram sent cannot be asked for again.
                        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"dgramd send: the reply from {path} to datagram {sent} was cut: it is {answer.DatagramLength} bytes, and only {answer.Length} fit the receive buffer; not printed")).ConfigureAwait(false);
                        return ReplyCut;
                    }

                    await Console.Out.WriteLineAsync(DisplayText.FromUtf8(buffer.AsSpan(0, answer.Length))).ConfigureAwait(false);
                }
            }

            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"sent {Quantity.Of(sent, "datagram")} ({Quantity.Of(bytes, "byte")}) to {path} in {seconds:F3} s")).ConfigureAwait(false);
            return 0;
        }
        catch (UnixSocketException ex) when (ex.ErrorName == "EMSGSIZE")
        {
            // The library's advice (raise SendBufferSize) is not an option of this command.
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"dgramd send: the datagram of {length} bytes is larger than a datagram socket here can send: the limit is a little under its send buffer, {socket.SendBufferSize} bytes (net.core.wmem_max caps it); send less")).ConfigureAwait(false);
            return NotThere;
        }
        catch (UnixSocketException ex)
        {
            await Console.Error.WriteLineAsync($"dgramd send: {ex.Message}").ConfigureAwait(false);
            return NotThere;
        }
        catch (UnixDirectoryException ex) when (ex.IsMissing)
        {
            // The socket directory goes when the daemon stops: nothing is there, as when the socket file is not.
            await Console.Error.WriteLineAsync($"dgramd send: no socket at '{path}': {ex.Message} (is the daemon running?)").ConfigureAwait(false);
            return NotThere;
        }
        catch (UnixDirectoryException ex)
        {
            await Console.Error.WriteLineAsync($"dgramd send: not sending to '{path}': {ex.ClientMessage}").ConfigureAwait(false);
            return NotTrusted;
        }
        catch (UnixFileException ex)
        {
            await Console.Error.WriteLineAsync($"dgramd send: not sending to '{path}', which could be anyone's: {ex.Message} {TrustedSocket.Remedy}").ConfigureAwait(false);
            return NotTrusted;
        }
        catch (TimeoutException)
        {
            await Console.Error.WriteLineAsync($"dgramd send: no reply from {path} within {replyTimeout!.Value.TotalSeconds} s").ConfigureAwait(false);
            return 3;
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
            // Generated load: the sequence number, then filler, so a receiver can check order and loss. Written in
            // place, so that a long run measures the sending, not the formatting.
            var buffer = new byte[size];
            var number = new byte[11];
            buffer.AsSpan().Fill((byte)'x');
            for (var i = 0; i < n; i++)
            {
                i.TryFormat(number, out var digits, default, System.Globalization.CultureInfo.InvariantCulture);
                number.AsSpan(0, Math.Min(digits, size)).CopyTo(buffer);
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
