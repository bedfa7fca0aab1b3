using System.Security.Cryptography;
using System.Text.Json;

namespace UnixDatagram.Daemon;

/// <summary><c>health</c>, <c>stats</c> and <c>reload</c>: one request to the running daemon's control socket, its JSON answer on stdout.</summary>
internal static class ControlCommand
{
    /// <summary>The exit code when the daemon cannot be reached or does not answer in time.</summary>
    private const int NoAnswer = 3;

    /// <summary>The daemon answered, but not with the document asked for: an error reply, a cut one, or not JSON (sysexits' <c>EX_PROTOCOL</c>).</summary>
    private const int ProtocolError = 76;

    /// <summary>
    /// This user may not reach the control socket, or the socket there is not trusted to be the daemon's (another
    /// user's, or in a directory another user may write), or the daemon refused the request for this user (a reload
    /// from a uid it lets only query): sysexits' <c>EX_NOPERM</c>.
    /// </summary>
    private const int PermissionDenied = 77;

    /// <summary>The first receive buffer; a reply that does not fit is asked for again with room for it (health and stats only).</summary>
    private const int FirstReceiveBuffer = 1 << 20;

    public static Command Create(string request, string description, TimeSpan defaultTimeout)
    {
        var control = new Option<string?>("--control") { Description = "The control socket; default: Daemon:ControlPath from appsettings.json." };
        var timeout = new Option<double>("--timeout")
        {
            Description = string.Create(CultureInfo.InvariantCulture, $"Seconds to wait for the answer, connect and send included (default {defaultTimeout.TotalSeconds})."),
            DefaultValueFactory = _ => defaultTimeout.TotalSeconds,
        };
        timeout.Seconds();
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
            // The socket file itself is checked as forward targets' are: another user's socket in /tmp is not asked.
            socket.Bind(UnixSocketAddress.FromAbstractName($"dgramd-cli-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"));
            TrustedSocket.Connect(socket, path);
            var json = await AskAsync(socket, request, limit.Token).ConfigureAwait(false);
            if (json is null)
            {
                return ProtocolError;
            }

            return await AnswerAsync(request, path, json).ConfigureAwait(false);
        }
        catch (UnixSocketException ex) when (ex.ErrorName == "EACCES")
        {
            // The daemon may well be running: this user may not write to its socket file or search its directory.
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"dgramd {request}: permission denied on the control socket '{path}': {ex.Message} (uid {UnixProcess.EffectiveUserId} may not use it: the control socket is for the daemon's own user and root, and for others only when Daemon:ControlAllowedUserIds lists them (then its mode is 0666) and its directory lets them in)")).ConfigureAwait(false);
            return PermissionDenied;
        }
        catch (UnixSocketException ex) when (ex.ErrorName == "EPIPE")
        {
            // A stopping daemon shuts its control socket down for reading (it answers what was queued, then closes).
            await Console.Error.WriteLineAsync($"dgramd {request}: the daemon is stopping: its control socket '{path}' takes no more requests ({ex.ErrorName})").ConfigureAwait(false);
            return NoAnswer;
        }
        catch (UnixSocketException ex)
        {
            await Console.Error.WriteLineAsync($"dgramd {request}: {ex.Message} (is the daemon running?)").ConfigureAwait(false);
            return NoAnswer;
        }
        catch (UnixDirectoryException ex) when (ex.IsMissing)
        {
            // A daemon that stops removes the socket directory it made (so does systemd's RuntimeDirectory=): a
            // directory that is not there is a daemon that is not there, as a socket file that is not there is.
            var hint = controlPath is null ? "; a daemon run by another user has its control socket in that user's directory: pass --control PATH" : "";
            await Console.Error.WriteLineAsync($"dgramd {request}: no control socket at '{path}': {ex.Message} (is the daemon running?{hint})").ConfigureAwait(false);
            return NoAnswer;
        }
        catch (UnixDirectoryException ex)
        {
            // Without --control the default directory is per user (/tmp/dgramd-<uid>): another user's daemon is elsewhere.
            var hint = controlPath is null ? " (a daemon run by another user has its control socket in that user's directory: pass --control PATH)" : "";
            await Console.Error.WriteLineAsync($"dgramd {request}: not asking '{path}': {ex.ClientMessage}{hint}").ConfigureAwait(false);
            return PermissionDenied;
        }
        catch (UnixFileException ex)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"dgramd {request}: not asking '{path}', whose answer could be anyone's: {ex.Message} {TrustedSocket.Remedy}")).ConfigureAwait(false);
            return PermissionDenied;
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
    /// Sends <paramref name="request"/> and receives the one datagram that answers it, whole. A reply cut by the receive
    /// buffer (<c>MSG_TRUNC</c>) is never used: health and stats are asked once more with room for the size the kernel
    /// reported; reload, which must not run twice, and a second cut reply are an error that says so (null returned).
    /// </summary>
    private static async Task<string?> AskAsync(UnixDatagramSocket socket, string request, CancellationToken cancellationToken)
    {
        var size = FirstReceiveBuffer;
        for (var attempt = 1; ; attempt++)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(request), cancellationToken).ConfigureAwait(false);
            var buffer = new byte[size];
            var answer = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (!answer.IsTruncated)
            {
                return Encoding.UTF8.GetString(buffer, 0, answer.Length);
            }

            if (request == "reload" || attempt == 2)
            {
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"dgramd {request}: the daemon's reply was cut: it is {answer.DatagramLength} bytes, and only {answer.Length} fit the receive buffer")).ConfigureAwait(false);
                return null;
            }

            size = (int)Math.Min((long)answer.DatagramLength * 2, Array.MaxLength);
        }
    }

    /// <summary>Prints the answer, indented, and returns the exit code it means; an error reply or one that is not JSON goes to stderr.</summary>
    private static async Task<int> AnswerAsync(string request, string path, string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            await Console.Error.WriteLineAsync($"dgramd {request}: the answer from '{path}' is not JSON ({ex.Message}): is it a dgramd control socket?").ConfigureAwait(false);
            return ProtocolError;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                await Console.Error.WriteLineAsync($"dgramd {request}: the answer from '{path}' is not a JSON object: is it a dgramd control socket?").ConfigureAwait(false);
                return ProtocolError;
            }

            if (!root.TryGetProperty("status", out _) && root.TryGetProperty("error", out var error))
            {
                await Console.Error.WriteLineAsync($"dgramd {request}: the daemon answered with an error: {DisplayText.FromString(error.ToString())}").ConfigureAwait(false);
                return ProtocolError;
            }

            if (root.TryGetProperty("status", out var stopping) && stopping.ValueKind == JsonValueKind.String && stopping.GetString() == "stopping")
            {
                var reason = root.TryGetProperty("error", out var why) ? why.ToString() : json;
                await Console.Error.WriteLineAsync($"dgramd {request}: the daemon is stopping: {DisplayText.FromString(reason)}").ConfigureAwait(false);
                return NoAnswer;
            }

            if (root.TryGetProperty("status", out var refused) && refused.ValueKind == JsonValueKind.String && refused.GetString() == "denied")
            {
                // This user may ask, but not this: a reload from a uid the daemon lets only query.
                var reason = root.TryGetProperty("error", out var why) ? why.ToString() : json;
                await Console.Error.WriteLineAsync($"dgramd {request}: refused by the daemon: {DisplayText.FromString(reason)}").ConfigureAwait(false);
                return PermissionDenied;
            }

            await Console.Out.WriteLineAsync(Indented(root)).ConfigureAwait(false);
            return request switch
            {
                "health" => await HealthExitCodeAsync(request, root).ConfigureAwait(false),
                "reload" => await ReloadExitCodeAsync(root, json).ConfigureAwait(false),
                _ => 0,
            };
        }
    }

    /// <summary>The daemon sends its documents unindented, to keep each datagram small; people read them indented.</summary>
    private static string Indented(JsonElement root)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            root.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>
    /// The answer is only as trustworthy as the socket that gives it: an abstract name can be bound by anyone, so it is
    /// never asked; the configured socket directory must be root's or this user's, or given by root; the socket file
    /// itself, and any directory given with <c>--control</c>, are checked by the connect (<see cref="TrustedSocket"/>).
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

        if (!explicitPath)
        {
            UnixDirectory.Secure(parent, UnixDirectoryTrust.PrivateOrAssignedByRoot, create: false);
        }

        // Otherwise the connect checks the directories and the socket file (TrustedSocket).
    }

    private static async Task<int> HealthExitCodeAsync(string request, JsonElement root)
    {
        switch (root.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String ? status.GetString() : null)
        {
            case "Healthy":
                return 0;
            case "Degraded":
                return 1;
            case null:
                await Console.Error.WriteLineAsync($"dgramd {request}: the answer has no \"status\": is it a dgramd control socket?").ConfigureAwait(false);
                return ProtocolError;
            default:
                return 2;
        }
    }

    /// <summary>0 when the reload was applied; 1, with the daemon's reason on stderr, when it was rejected.</summary>
    private static async Task<int> ReloadExitCodeAsync(JsonElement root, string json)
    {
        if (root.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() == "ok")
        {
            return 0;
        }

        var reason = root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : json;
        await Console.Error.WriteLineAsync($"dgramd reload: the daemon rejected the new configuration and keeps the previous one: {DisplayText.FromString(reason)}").ConfigureAwait(false);
        return 1;
    }
}
