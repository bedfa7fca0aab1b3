namespace UnixDatagram.Systemd.Integration.Tests;

/// <content>The installed product as an operator drives it: systemctl, journalctl, logger.</content>
public sealed partial class SystemdMachine
{
    public const string Service = "dgramd.service";
    public const string Socket = "dgramd.socket";
    public const string IngestSocket = "/run/dgramd-sockets/ingest.sock";
    private const string DropInDirectory = "/etc/systemd/system/dgramd.service.d";

    /// <summary>How long a datagram may take to be handled and show in the journal inside the container.</summary>
    public static readonly TimeSpan Handled = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Brings the machine back to the installed state: booted, both units stopped and not failed, no drop-ins, the
    /// default configuration in /etc/dgramd.
    /// </summary>
    public async Task ResetAsync()
    {
        await BootAsync(CancellationToken.None);
        await SystemctlAsync("stop", Service, Socket);
        var dropIns = HostPath(DropInDirectory);
        if (Directory.Exists(dropIns))
        {
            Directory.Delete(dropIns, recursive: true);
        }

        foreach (var file in Directory.GetFiles(HostPath("/etc/dgramd")))
        {
            File.Delete(file);
        }

        await File.WriteAllTextAsync(HostPath("/etc/dgramd/appsettings.json"), DefaultConfiguration);
        (await SystemctlAsync("daemon-reload")).EnsureSuccess();
        await SystemctlAsync("reset-failed", Service, Socket);
    }

    /// <summary>Writes a drop-in for dgramd.service (for example a short WatchdogSec) and reloads systemd.</summary>
    public async Task AddDropInAsync(string name, string text)
    {
        Directory.CreateDirectory(HostPath(DropInDirectory));
        await File.WriteAllTextAsync(HostPath($"{DropInDirectory}/{name}.conf"), text);
        (await SystemctlAsync("daemon-reload")).EnsureSuccess();
    }

    /// <summary>Replaces /etc/dgramd/appsettings.json, as an operator would edit it.</summary>
    public Task WriteConfigurationAsync(string json) => File.WriteAllTextAsync(HostPath("/etc/dgramd/appsettings.json"), json);

    /// <summary>
    /// <c>systemctl ARGS</c>, bounded: a unit whose job hangs must not hold the test forever. When it fails, the
    /// result carries the end of dgramd's journal, so the failure says why.
    /// </summary>
    public async Task<CommandResult> SystemctlAsync(params string[] arguments)
    {
        var result = await RunAsync(["systemctl", "--no-pager", .. arguments], TimeSpan.FromSeconds(90));
        if (result.Succeeded || arguments is ["show", ..] or ["is-active", ..])
        {
            return result;
        }

        var journal = await RunAsync(["journalctl", "--no-pager", "-n", "40", "-o", "short-precise", "-u", Service, "-u", Socket]);
        return result with { StandardError = result.StandardError + "\njournal:\n" + journal.StandardOutput };
    }

    /// <summary>One property of a unit (<c>systemctl show -p NAME --value</c>).</summary>
    public async Task<string> ShowAsync(string unit, string property) =>
        (await SystemctlAsync("show", "-p", property, "--value", unit)).EnsureSuccess().StandardOutput.Trim();

    /// <summary>Waits until a unit property has <paramref name="value"/>.</summary>
    public Task WaitForPropertyAsync(string unit, string property, string value, TimeSpan timeout) =>
        PollAsync(async () => await ShowAsync(unit, property) == value, timeout, $"{unit} {property}={value}");

    /// <summary>The journal's current end, to read only what comes after it.</summary>
    public async Task<string> JournalCursorAsync()
    {
        var output = (await RunAsync(["journalctl", "-n", "0", "--show-cursor", "--no-pager"])).StandardOutput;
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("-- cursor: ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("journalctl printed no cursor: " + output);
        return line["-- cursor: ".Length..].Trim();
    }

    /// <summary>
    /// Journal entries after <paramref name="cursor"/>, all of them: filtering is done here, since journalctl 252's
    /// <c>--after-cursor</c> with matches (<c>-u</c>, <c>-p</c>) skips the first matching entry when the cursor's own
    /// entry does not match.
    /// </summary>
    public async Task<JournalEntry[]> JournalEntriesAsync(string cursor)
    {
        var result = (await RunAsync(["journalctl", "--no-pager", "-o", "json", "--after-cursor=" + cursor])).EnsureSuccess();
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JournalEntry.Parse)];
    }

    /// <summary>Messages after <paramref name="cursor"/> from or about <paramref name="units"/> (all when none are given).</summary>
    public async Task<string[]> JournalAsync(string cursor, params string[] units) =>
        [.. (await JournalEntriesAsync(cursor)).Where(e => units.Length == 0 || units.Any(e.IsOf)).Select(e => e.Message)];

    /// <summary>What <c>journalctl -p warning -u UNIT...</c> shows after <paramref name="cursor"/>: priority 4 (warning) or more urgent.</summary>
    public async Task<string[]> JournalWarningsAsync(string cursor, params string[] units) =>
        [.. (await JournalEntriesAsync(cursor)).Where(e => e.Priority <= 4 && units.Any(e.IsOf)).Select(e => e.Message)];

    /// <summary>Messages after <paramref name="cursor"/> with <c>SYSLOG_IDENTIFIER</c> <paramref name="identifier"/>.</summary>
    public async Task<string[]> JournalByIdentifierAsync(string cursor, string identifier) =>
        [.. (await JournalEntriesAsync(cursor)).Where(e => e.Identifier == identifier).Select(e => e.Message)];

    /// <summary>Waits until the journal (after <paramref name="cursor"/>, from or about <paramref name="units"/>) has a line containing <paramref name="text"/>; returns all such lines.</summary>
    public async Task<string[]> WaitForJournalAsync(string cursor, string text, TimeSpan timeout, params string[] units)
    {
        string[] found = [];
        await PollAsync(
            async () =>
            {
                found = [.. (await JournalAsync(cursor, units)).Where(l => l.Contains(text, StringComparison.Ordinal))];
                return found.Length > 0;
            },
            timeout,
            $"a journal line containing '{text}'");
        return found;
    }

    /// <summary>Sends one datagram with util-linux's logger (a client no one here wrote); fails if logger reports an error.</summary>
    public async Task SendWithLoggerAsync(string socketPath, string message)
    {
        var result = await RunAsync(["logger", "--socket-errors=on", "-u", socketPath, "-t", "dgramd-test", message]);
        Assert.True(result.Succeeded, $"logger could not send to {socketPath}: {result}");
    }

    /// <summary>The service's main process's real uid, from /proc.</summary>
    public async Task<uint> MainUserIdAsync()
    {
        var pid = await ShowAsync(Service, "MainPID");
        var status = (await RunAsync(["cat", $"/proc/{pid}/status"])).EnsureSuccess().StandardOutput;
        var uid = status.Split('\n').Single(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return uint.Parse(uid.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
