using static UnixDatagram.Hosting.Endpoints.EndpointsLog;

namespace UnixDatagram.Hosting.Endpoints;

/// <summary>
/// An endpoint's <c>Mode</c>, <c>UserId</c> and <c>GroupId</c> against the file of a socket systemd passed. The daemon
/// never changes that file (the <c>.socket</c> unit's <c>SocketMode=</c>, <c>SocketUser=</c>, <c>SocketGroup=</c> set
/// it, and the socket outlives this process), so a key set explicitly can only be checked: a file that grants more than
/// <c>Mode</c> (write permission, which is what connecting and sending need), or has another owner or group than <c>UserId</c>/<c>GroupId</c>, lets in senders the configuration keeps
/// out, and fails start. A file that grants less only keeps out senders the configuration lets in (their kernel refuses
/// them with <c>EACCES</c>, so the daemon never sees or counts them): a warning, the only place that shows.
/// </summary>
internal static class AdoptedSocketFile
{
    /// <summary>Connecting and sending need write permission on the socket file, and only that (unix(7)).</summary>
    private const UnixFileMode WriteBits = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <exception cref="EndpointBindException">The file lets in more than the endpoint's keys, or cannot be looked at.</exception>
    public static void Check(UnixDatagramSocket socket, DatagramEndpointOptions endpoint, string key, ILogger logger)
    {
        var mode = OctalFileMode.Parse(endpoint.Mode);
        if ((mode is null && endpoint.UserId is null && endpoint.GroupId is null) || socket.LocalAddress.Kind != UnixAddressKind.Path)
        {
            return;
        }

        UnixSocketFileStatus? file;
        try
        {
            file = socket.GetSocketFileStatus();
        }
        catch (UnixSocketException ex)
        {
            throw new EndpointBindException(endpoint.Name, $"{key}:{FirstKey(endpoint)}: endpoint '{endpoint.Name}' (the socket systemd passed, at '{socket.LocalAddress}'): the socket file cannot be looked at to check {FirstKey(endpoint)} against it: {ex.Message}", ex);
        }

        if (file is null || file.IsThisSocket == false)
        {
            // Whatever is at the path (or nothing), senders who use the path do not reach this socket: nothing to check.
            LogAdoptedFileElsewhere(logger, endpoint.Name, socket.LocalAddress.ToString(), file is null ? "nothing is there" : file.Kind + " that is not this socket is there");
            return;
        }

        var problems = new List<(string Key, string Problem, string Remedy)>(3);
        if (mode is { } wanted && (file.Mode & ~wanted & WriteBits) is var beyond && beyond != 0)
        {
            problems.Add(("Mode", $"Mode is {Octal(wanted)}, but the file grants write permission {Octal(beyond)} beyond it, so users the configuration keeps out can send", $"SocketMode={Octal(wanted)}"));
        }

        if (endpoint.UserId is { } user && user != file.UserId)
        {
            problems.Add(("UserId", string.Create(CultureInfo.InvariantCulture, $"UserId is {user}, but the file belongs to uid {file.UserId}"), string.Create(CultureInfo.InvariantCulture, $"SocketUser= to uid {user}")));
        }

        if (endpoint.GroupId is { } group && group != file.GroupId)
        {
            problems.Add(("GroupId", string.Create(CultureInfo.InvariantCulture, $"GroupId is {group}, but the file's group is gid {file.GroupId}"), string.Create(CultureInfo.InvariantCulture, $"SocketGroup= to gid {group}")));
        }

        if (problems.Count > 0)
        {
            var keys = string.Join(", ", problems.Select(p => $"{key}:{p.Key}"));
            throw new EndpointBindException(endpoint.Name, string.Create(CultureInfo.InvariantCulture, $"{keys}: endpoint '{endpoint.Name}' adopted the socket systemd passed, whose file '{file.Path}' has mode {Octal(file.Mode)}, owner uid {file.UserId}, group gid {file.GroupId}: {string.Join("; ", problems.Select(p => p.Problem))}. The daemon never changes the file of a socket systemd passes: its .socket unit decides. Set {string.Join(", ", problems.Select(p => p.Remedy))} in the .socket unit, or remove {string.Join(", ", problems.Select(p => p.Key))} from the endpoint."));
        }

        if (mode is { } configured && (configured & ~file.Mode & WriteBits) is var missing && missing != 0)
        {
            LogAdoptedFileNarrower(logger, endpoint.Name, file.Path, Octal(file.Mode), $"{key}:Mode", Octal(configured), Octal(missing));
        }
    }

    private static string FirstKey(DatagramEndpointOptions endpoint) =>
        !string.IsNullOrWhiteSpace(endpoint.Mode) ? "Mode" : endpoint.UserId is not null ? "UserId" : "GroupId";

    private static string Octal(UnixFileMode mode) => SocketReach.Octal(mode);
}
