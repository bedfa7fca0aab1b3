using System.Security.Cryptography;
using System.Text.Json;

namespace UnixDatagram.Daemon;

/// <summary><c>health</c>, <c>stats</c> and <c>reload</c>: one request to the running daemon's control socket, its JSON answer on stdout.</summary>
internal static class ControlCommand
{
    /// <summary>The exit code when the daemon cannot be reached or does not answer in time.</summary>
    private const int NoAnswer = 3;

    public static Command Create(string request, string description, TimeSpan defaultTimeout)
    {
        var control = new Option<string?>("--control") { Description = "The control socket; default: Daemon:ControlPath from appsettings.json." };
        var timeout = new Option<double>("--timeout")
        {
            Description = string.Create(CultureInfo.InvariantCulture, $"Seconds to wait for the answer, connect and send included (default {defaultTimeout.TotalSeconds})."),
            DefaultValueFactory = _ => defaultTimeout.TotalSeconds,
        };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and <= 86400))
            {
                result.AddError("--timeout must be more than 0 and at most 86400 seconds.");
            }
        });
        var command = new Command(request, description) { control, timeout };
        command.SetAction((result, cancellationToken) => RunAsync(request, result.GetValue(control), TimeSpan.FromSeconds(result.GetValue(timeout)), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string request, string? controlPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // With --control the configuration is not needed, so not read: a broken file does not stop the question.
        var (options, directory) = controlPath is null ? DaemonConfiguration.Load() : default;
        var configured = controlPath ?? options?.ControlPath;
        if (string.IsNullOrEmpty(configured))
        {
            await Console.Error.WriteLineAsync("dgramd: no control socket: set Daemon:ControlPath in appsettings.json or pass --control PATH").ConfigureAwait(false);
            return NoAnswer;
        }

        var path = controlPath is null ? directory!.Resolve(configured) : (configured.StartsWith('@') ? configured : Path.GetFullPath(configured));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        using var socket = new UnixDatagramSocket();
        try
        {
            CheckTrusted(path, explicitPath: controlPath is not null, directory);

            // The daemon answers only addressable requesters; an abstract name needs no file and vanishes with us.
            // Connected, so the kernel lets only the control socket send to it: nobody else can slip in an answer.
            socket.Bind(UnixSocketAddress.FromAbstractName($"dgramd-cli-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"));
            socket.Connect(path);
            await socket.SendAsync(Encoding.UTF8.GetBytes(request), limit.Token).ConfigureAwait(false);
            var buffer = new byte[1 << 20];
            var answer = await socket.ReceiveAsync(buffer, limit.Token).ConfigureAwait(false);
            var json = Encoding.UTF8.GetString(buffer, 0, answer.Length);
            await Console.Out.WriteLineAsync(json).ConfigureAwait(false);
            return request switch
            {
                "health" => HealthExitCode(json),
                "reload" => await ReloadExitCodeAsync(json).ConfigureAwait(false),
                _ => 0,
            };
        }
        catch (UnixSocketException ex)
        {
            var hint = ex.ErrorName == "EACCES"
                ? string.Create(CultureInfo.InvariantCulture, $"uid {UnixProcess.EffectiveUserId} may not use it: the control socket is for the daemon's own user and root, and for others only when Daemon:ControlAllowedUserIds lists them (then its mode is 0666) and its directory lets them in")
                : "is the daemon running?";
            await Console.Error.WriteLineAsync($"dgramd {request}: {ex.Message} ({hint})").ConfigureAwait(false);
            return NoAnswer;
        }
        catch (UnixDirectoryException ex)
        {
            // Without --control the default directory is per user (/tmp/dgramd-<uid>): another user's daemon is elsewhere.
            var hint = controlPath is null ? " (a daemon run by another user has its control socket in that user's directory: pass --control PATH)" : "";
            await Console.Error.WriteLineAsync($"dgramd {request}: not asking '{path}': {ex.Message}{hint}").ConfigureAwait(false);
            return NoAnswer;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The daemon ignores a requester it does not answer rather than telling it so (it logs the refusal), so
            // from here a refusal and a daemon that does not run its control socket look the same.
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"dgramd {request}: no answer from {path} within {timeout.TotalSeconds} s: either the daemon does not answer uid {UnixProcess.EffectiveUserId} (it answers only its own user, root and the uids in Daemon:ControlAllowedUserIds, and ignores others, logging them), or the daemon is stopped or stuck (one that has exited refuses the connection instead)")).ConfigureAwait(false);
            return NoAnswer;
        }
    }

    /// <summary>
    /// The answer is only as trustworthy as the directory the control socket is in: one that another user can write
    /// to may hold that user's socket. An abstract name can be bound by anyone, so it is never asked.
    /// </summary>
    private static void CheckTrusted(string path, bool explicitPath, SocketDirectory? directory)
    {
        if (path.StartsWith('@'))
        {
            throw new UnixDirectoryException(path, $"'{path}' is an abstract name, which any local user can bind; the control socket is a file.");
        }

        var parent = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!explicitPath && directory is not null && string.Equals(parent, directory.Path, StringComparison.Ordinal))
        {
            directory.CheckForClient();
            return;
        }

        try
        {
            UnixDirectory.Secure(parent, UnixDirectoryTrust.PrivateOrAssignedByRoot, create: false);
        }
        catch (UnixDirectoryException) when (explicitPath)
        {
            UnixDirectory.Secure(parent, UnixDirectoryTrust.Shared, create: false);
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

    /// <summary>0 when the reload was applied; 1, with the daemon's reason on stderr, when it was rejected.</summary>
    private static async Task<int> ReloadExitCodeAsync(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("status", out var status) && status.GetString() == "ok")
        {
            return 0;
        }

        var reason = root.TryGetProperty("error", out var error) ? error.GetString() : json;
        await Console.Error.WriteLineAsync($"dgramd reload: the daemon rejected the new configuration and keeps the previous one: {reason}").ConfigureAwait(false);
        return 1;
    }
}
