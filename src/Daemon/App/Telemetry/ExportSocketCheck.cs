using System.Net.Sockets;

namespace UnixDatagram.Daemon;

/// <summary>
/// Whether this process may create the TCP socket an export to the collector needs. systemd's
/// <c>RestrictAddressFamilies=</c> (systemd.exec(5)) makes <c>socket(2)</c> of any other family fail with
/// EAFNOSUPPORT, so a daemon under the shipped units (<c>RestrictAddressFamilies=AF_UNIX</c>) could never export:
/// start is refused instead. (<c>IPAddressDeny=</c> acts at <c>connect(2)</c>, with EPERM, and is seen only then:
/// warning 1330 says "denied".)
/// </summary>
internal static class ExportSocketCheck
{
    /// <summary>
    /// Null when a socket of the endpoint's address family can be created (for a host name, of either family), else
    /// why not, ending the sentence that begins with the key and value.
    /// </summary>
    public static string? Refusal(Uri endpoint)
    {
        AddressFamily[] families = endpoint.HostNameType switch
        {
            UriHostNameType.IPv4 => [AddressFamily.InterNetwork],
            UriHostNameType.IPv6 => [AddressFamily.InterNetworkV6],
            _ => [AddressFamily.InterNetwork, AddressFamily.InterNetworkV6],
        };
        var errors = new List<string>();
        var restricted = true;
        foreach (var family in families)
        {
            try
            {
                using var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
                return null;
            }
            catch (SocketException ex)
            {
                errors.Add($"{Name(family)}: {ErrorName(ex)}, {ex.Message}");
                restricted &= ex.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.AccessDenied;
            }
        }

        var needs = string.Join(" or ", families.Select(Name));
        var failed = $"needs an {needs} socket, and this process may not create one (socket(2) failed: {string.Join("; ", errors)}).";
        if (!restricted)
        {
            // Not what a sandbox says (EMFILE, ENOBUFS, ...): only the error.
            return failed;
        }

        return failed + " "
            + "Under systemd, RestrictAddressFamilies= forbids it (the shipped units allow only AF_UNIX): add a drop-in with "
            + "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6, and IPAddressAllow= the collector (deploy/systemd/README.md), or remove OpenTelemetry:Endpoint.";
    }

    private static string Name(AddressFamily family) => family == AddressFamily.InterNetwork ? "AF_INET" : "AF_INET6";

    private static string ErrorName(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.AddressFamilyNotSupported => "EAFNOSUPPORT",
        SocketError.AccessDenied => "EACCES",
        SocketError.TooManyOpenSockets => "EMFILE",
        _ => ex.SocketErrorCode.ToString(),
    };
}
