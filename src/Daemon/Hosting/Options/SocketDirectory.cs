namespace UnixDatagram.Hosting;

/// <summary>
/// Where relative socket paths live, resolved once: <see cref="DatagramDaemonOptions.SocketDirectory"/>, else
/// <c>$RUNTIME_DIRECTORY</c>, else <c>$XDG_RUNTIME_DIR/&lt;app&gt;</c>, else <c>/tmp/&lt;app&gt;-&lt;uid&gt;</c>.
/// </summary>
/// <remarks>
/// The daemon registers one, built from its options and <see cref="Microsoft.Extensions.Hosting.IHostEnvironment.ApplicationName"/>.
/// A client of a daemon (a command-line tool that sends to its endpoints or asks its control socket) builds its own
/// with the same two values, to find the sockets exactly where the daemon puts them, and calls
/// <see cref="CheckForClient"/> before it trusts a socket found there.
/// </remarks>
public sealed class SocketDirectory : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<string> _created = [];
    private bool _secured;

    /// <summary>Resolves the directory from the configured value and this process's environment.</summary>
    /// <param name="configured"><c>Daemon:SocketDirectory</c> (<see cref="DatagramDaemonOptions.SocketDirectory"/>); null or empty for the defaults.</param>
    /// <param name="applicationName">The daemon's application name, which names the fallback directories; empty means <c>daemon</c>.</param>
    public SocketDirectory(string? configured, string applicationName)
        : this(configured, applicationName, null)
    {
    }

    /// <summary>As the public constructor, with the environment read through <paramref name="environment"/> (for tests).</summary>
    internal SocketDirectory(string? configured, string applicationName, Func<string, string?>? environment)
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
    internal bool CreateIfMissing { get; }

    /// <summary>
    /// Resolves a configured address: <c>@name</c> stays abstract, an absolute path stays, a relative path joins <see cref="Path"/>.
    /// </summary>
    public string Resolve(string address) =>
        address.StartsWith('@') || System.IO.Path.IsPathRooted(address) ? address : System.IO.Path.Join(Path, address);

    /// <summary>
    /// Makes sure the directory that will hold <paramref name="socketPath"/> is safe before a socket is bound there:
    /// the socket directory must be owned by root or this process's user and not writable by group or others (it is
    /// created 0700, with any missing parents, if this daemon chose it itself); another directory (an absolute
    /// endpoint path) must be at least as safe as the directories above a socket directory. See <see cref="UnixDirectory"/>.
    /// </summary>
    /// <exception cref="UnixDirectoryException">The directory is unsafe or missing; the message names it, its owner and mode.</exception>
    internal void Prepare(string socketPath)
    {
        var parent = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(socketPath));
        if (string.IsNullOrEmpty(parent))
        {
            return;
        }

        if (!string.Equals(parent, System.IO.Path.GetFullPath(Path), StringComparison.Ordinal))
        {
            UnixDirectory.Secure(parent, UnixDirectoryTrust.Shared, create: false);
            return;
        }

        lock (_lock)
        {
            if (!_secured)
            {
                try
                {
                    _created.AddRange(UnixDirectory.Secure(Path, UnixDirectoryTrust.Private, CreateIfMissing));
                }
                catch (UnixDirectoryException ex)
                {
                    throw new UnixDirectoryException(ex.DirectoryPath, $"the socket directory '{Path}' (from {Source}) is unsafe: {ex.Message}");
                }

                _secured = true;
            }
        }
    }

    /// <summary>Checks the socket directory as a client that is about to trust what it finds there (nothing is created).</summary>
    /// <exception cref="UnixDirectoryException">The directory is unsafe or missing.</exception>
    public void CheckForClient() => UnixDirectory.Secure(Path, UnixDirectoryTrust.PrivateOrAssignedByRoot, create: false);

    /// <summary>Removes the directories this daemon created (innermost first), each only if it is empty.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            UnixDirectory.RemoveCreated(_created);
            _created.Clear();
            _secured = false;
        }
    }

    private static string? FirstOf(string? list) =>
        string.IsNullOrEmpty(list) ? null : list.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();

    private static string CurrentUserId() => UnixProcess.EffectiveUserId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
