namespace UnixDatagram.Hosting.Options;

/// <summary>
/// The rule for an endpoint at an abstract name (<c>@name</c>), as for targets and the control socket: such a name has
/// no file, so no owner or permissions. Any local user can send to it whatever <c>Mode</c> says, and while the daemon
/// is down any local process can bind the name and receive what clients send. So it needs
/// <see cref="DatagramEndpointOptions.AllowAbstractName"/>, and the file settings, which could not apply, are refused.
/// </summary>
internal static class AbstractEndpoint
{
    /// <summary>Adds an error for each rule an endpoint whose <c>Path</c> is an abstract name breaks.</summary>
    /// <param name="errors">Where the errors go.</param>
    /// <param name="key">The endpoint's key, <c>Daemon:Endpoints:N</c>.</param>
    /// <param name="label">The endpoint as the messages name it (<c>'ingest'</c>, or <c>#N</c> without a name).</param>
    /// <param name="endpoint">The endpoint.</param>
    public static void Check(List<string> errors, string key, string label, DatagramEndpointOptions endpoint)
    {
        if (!endpoint.AllowAbstractName)
        {
            errors.Add(Refusal(key, $"endpoint {label}", $"'{endpoint.Path}'"));
        }

        if (!string.IsNullOrWhiteSpace(endpoint.Mode))
        {
            errors.Add(FileSetting($"{key}:Mode", label, endpoint.Mode, endpoint.Path));
        }

        if (endpoint.UserId is { } user)
        {
            errors.Add(FileSetting($"{key}:UserId", label, user.ToString(CultureInfo.InvariantCulture), endpoint.Path));
        }

        if (endpoint.GroupId is { } group)
        {
            errors.Add(FileSetting($"{key}:GroupId", label, group.ToString(CultureInfo.InvariantCulture), endpoint.Path));
        }
    }

    /// <summary>Why an abstract name is refused without <c>AllowAbstractName</c>: names the key, the endpoint and the address.</summary>
    /// <param name="key">The endpoint's key, <c>Daemon:Endpoints:N</c>.</param>
    /// <param name="endpoint">The endpoint in words, such as <c>endpoint 'ingest'</c>.</param>
    /// <param name="address">The address in words, such as <c>'@ingest'</c>.</param>
    public static string Refusal(string key, string endpoint, string address) =>
        $"{key}:Path: {endpoint}: {address} is an abstract name, which has no owner or permissions: any local user can send to it (Mode cannot apply), and while the daemon is down any local process can bind the name and receive what clients send. Use a socket file (a Path in the socket directory, with Mode, UserId and GroupId), or set {key}:AllowAbstractName to true to accept that and choose senders with AllowedUserIds/AllowedGroupIds.";

    /// <summary>
    /// Why a socket systemd passed at an abstract name (<c>ListenDatagram=@name</c>) is refused without
    /// <c>AllowAbstractName</c>: names the endpoint's <c>FileDescriptorName</c>, which chose it, and the address.
    /// </summary>
    /// <param name="key">The endpoint's key, <c>Daemon:Endpoints:N</c>.</param>
    /// <param name="endpoint">The endpoint in words, such as <c>endpoint 'ingest' (the socket systemd passed as 'ingest')</c>.</param>
    /// <param name="address">The address, such as <c>@ingest</c>.</param>
    public static string PassedRefusal(string key, string endpoint, string address) =>
        $"{key}:FileDescriptorName: {endpoint}: {address} is an abstract name, which has no owner or permissions: any local user can send to it (SocketMode= cannot apply), and while the socket unit is stopped any local process can bind the name and receive what clients send. Give the .socket unit's ListenDatagram= a path (with SocketMode=, SocketUser=, SocketGroup=), or set {key}:AllowAbstractName to true to accept that and choose senders with AllowedUserIds/AllowedGroupIds.";

    private static string FileSetting(string key, string label, string value, string? path) =>
        $"{key}: endpoint {label}: '{value}' cannot apply to '{path}': an abstract name has no file; use AllowedUserIds/AllowedGroupIds to choose who may send, and remove {key.Split(':')[^1]} (or set it to an empty value, where an earlier configuration source sets it).";
}
