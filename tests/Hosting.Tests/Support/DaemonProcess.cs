namespace UnixDatagram.Hosting.Tests;

/// <summary>The real <c>dgramd</c> executable, built beside the tests, as a <see cref="ChildProcess"/>.</summary>
internal static class DaemonProcess
{
    public static string DaemonDll => Path.Join(AppContext.BaseDirectory, "dgramd.dll");

    /// <summary>The test host runs under dotnet itself; a launcher may not pass PATH on, so name it in full.</summary>
    private static string Dotnet => Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    /// <summary>Starts <c>dotnet dgramd.dll ARGS</c>, or <paramref name="launcher"/> with the daemon as its command.</summary>
    public static ChildProcess Start(IEnumerable<string> args, IDictionary<string, string>? environment = null, IEnumerable<string>? launcher = null)
    {
        string[] command = [.. launcher ?? [], Dotnet, DaemonDll, .. args];
        return ChildProcess.Start(command[0], command[1..], WithTestEnvironment(environment));
    }

    /// <summary>
    /// Starts the daemon under systemd's own socket-activation tool: <c>systemd-socket-activate</c> binds
    /// <paramref name="socket"/> and, on the first datagram, starts the daemon with it passed as
    /// <paramref name="fileDescriptorName"/>. The tool passes on only the variables named with <c>-E</c>: the socket
    /// directory and HOME (both <paramref name="directory"/>), the test environment, and <paramref name="environment"/>
    /// (<c>NAME=value</c> each).
    /// </summary>
    public static ChildProcess StartSocketActivated(TempDirectory directory, string socket, string fileDescriptorName, IEnumerable<string> args, params string[] environment) =>
        Start(
            args,
            launcher:
            [
                "systemd-socket-activate", "--datagram", "-l", socket, "--fdname=" + fileDescriptorName,
                "-E", "Daemon__SocketDirectory=" + directory.Path,
                .. environment.SelectMany(variable => (string[])["-E", variable]),
                "-E", "DOTNET_ENVIRONMENT=Testing",
                "-E", "HOME=" + directory.Path,
            ]);

    /// <summary>
    /// <see cref="StartSocketActivated"/>, then, once the tool listens, gives the socket file <paramref name="fileMode"/>
    /// (as a .socket unit's SocketMode= would) when one is given, and wakes the daemon with the datagram <c>wake</c>.
    /// </summary>
    public static async Task<ChildProcess> ActivateAsync(TempDirectory directory, string socket, string fileDescriptorName, IEnumerable<string> args, UnixFileMode? fileMode, params string[] environment)
    {
        var daemon = StartSocketActivated(directory, socket, fileDescriptorName, args, environment);
        try
        {
            await daemon.WaitForLineAsync("Listening on " + socket);
            if (fileMode is { } mode)
            {
                File.SetUnixFileMode(socket, mode);
            }

            using var client = new UnixDatagram.Transport.UnixDatagramSocket();
            Assert.Equal(UnixDatagram.Transport.SendStatus.Sent, client.SendTo("wake"u8, socket));
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the daemon to completion (under <paramref name="launcher"/>, such as <c>setpriv</c>, if given) and returns its exit code.</summary>
    public static async Task<(int ExitCode, ChildProcess Process)> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null, string? input = null, IEnumerable<string>? launcher = null)
    {
        string[] command = [.. launcher ?? [], Dotnet, DaemonDll, .. args];
        var daemon = await ChildProcess.RunAsync(command[0], command[1..], WithTestEnvironment(environment), input);
        return (daemon.ExitCode, daemon);
    }

    private static Dictionary<string, string> WithTestEnvironment(IDictionary<string, string>? environment) =>
        new(environment ?? new Dictionary<string, string>()) { ["DOTNET_ENVIRONMENT"] = "Testing" };
}
