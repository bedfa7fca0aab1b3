using UnixDatagram.Transport;

namespace UnixDatagram.Hosting;

/// <summary>
/// Where relative socket paths live, resolved once: <see cref="DatagramDaemonOptions.SocketDirectory"/>, else
/// <c>$RUNTIME_DIRECTORY</c>, else <c>$XDG_RUNTIME_DIR/&lt;app&gt;</c>, else <c>/tmp/&lt;app&gt;-&lt;uid&gt;</c>.
/// </summary>
internal sealed class SocketDirectory
{
    public SocketDirectory(string? configured, string applicationName, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var app = string.IsNullOrWhiteSpace(applicationName) ? "daemon" : applicationName;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            Path = System.IO.Path.GetFullPath(configured);
            Source = "Daemon:SocketDirectory";
        }
        else if (FirstOf(environment("RUNTIME_DIRECTORY")) is { } runtime)
        {
            Path = runtime;
            Source = "$RUNTIME_DIRECTORY";
        }
        else if (environment("XDG_RUNTIME_DIR") is { Length: > 0 } xdg)
        {
            Path = System.IO.Path.Join(xdg, app);
            Source = "$XDG_RUNTIME_DIR";
            CreateIfMissing = true;
        }
        else
        {
            Path = System.IO.Path.Join(System.IO.Path.GetTempPath(), $"{app}-{CurrentUserId()}");
            Source = "/tmp fallback";
            CreateIfMissing = true;
        }
    }

    /// <summary>The absolute directory.</summary>
    public string Path { get; }

    /// <summary>Where the directory came from, for messages.</summary>
    public string Source { get; }

    /// <summary>Whether the daemon creates the directory (0700) when it is missing: only for the fallbacks it chose itself.</summary>
    public bool CreateIfMissing { get; }

    /// <summary>
    /// Resolves a configured address: <c>@name</c> stays abstract, an absolute path stays, a relative path joins <see cref="Path"/>.
    /// </summary>
    public string Resolve(string address) =>
        address.StartsWith('@') || System.IO.Path.IsPathRooted(address) ? address : System.IO.Path.Join(Path, address);

    /// <summary>Creates the directory with mode 0700 if this daemon owns its choice and it is missing.</summary>
    public void EnsureExists()
    {
        if (CreateIfMissing && !Directory.Exists(Path))
        {
            Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static string? FirstOf(string? list) =>
        string.IsNullOrEmpty(list) ? null : list.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();

    private static string CurrentUserId() => UnixProcess.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
