using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using UnixDatagram.Transport;

namespace UnixDatagram.Daemon;

/// <summary><c>health</c> and <c>stats</c>: one request to the running daemon's control socket, its JSON answer on stdout.</summary>
internal static class ControlCommand
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    public static Command Create(string request, string description)
    {
        var control = new Option<string?>("--control") { Description = "The control socket; default: Daemon:ControlPath from appsettings.json." };
        var command = new Command(request, description) { control };
        command.SetAction((result, cancellationToken) => RunAsync(request, result.GetValue(control), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string request, string? controlPath, CancellationToken cancellationToken)
    {
        var (options, directory) = DaemonConfiguration.Load();
        var configured = controlPath ?? options.ControlPath;
        if (string.IsNullOrEmpty(configured))
        {
            await Console.Error.WriteLineAsync("dgramd: no control socket: set Daemon:ControlPath in appsettings.json or pass --control PATH").ConfigureAwait(false);
            return 3;
        }

        var path = controlPath is null ? directory.Resolve(configured) : (configured.StartsWith('@') ? configured : Path.GetFullPath(configured));
        using var socket = new UnixDatagramSocket();
        try
        {
            // The daemon answers only addressable requesters; an abstract name needs no file and vanishes with us.
            socket.Bind(UnixSocketAddress.FromAbstractName($"dgramd-cli-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"));
            socket.Connect(path);
            await socket.SendAsync(Encoding.UTF8.GetBytes(request), cancellationToken).ConfigureAwait(false);
            var buffer = new byte[1 << 20];
            var answer = await socket.ReceiveAsync(buffer, cancellationToken).AsTask().WaitAsync(AnswerTimeout, cancellationToken).ConfigureAwait(false);
            var json = Encoding.UTF8.GetString(buffer, 0, answer.Length);
            await Console.Out.WriteLineAsync(json).ConfigureAwait(false);
            return request == "health" ? HealthExitCode(json) : 0;
        }
        catch (UnixSocketException ex)
        {
            await Console.Error.WriteLineAsync($"dgramd {request}: {ex.Message} (is the daemon running?)").ConfigureAwait(false);
            return 3;
        }
        catch (TimeoutException)
        {
            await Console.Error.WriteLineAsync($"dgramd {request}: no answer from {path} within {AnswerTimeout.TotalSeconds} s").ConfigureAwait(false);
            return 3;
        }
    }

    private static int HealthExitCode(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("status").GetString() switch
        {
            "Healthy" => 0,
            "Degraded" => 1,
            _ => 2,
        };
    }
}
