using System.Text.RegularExpressions;

namespace UnixDatagram.Daemon;

/// <summary>
/// One line from the text of an exception as the exporters report it (<see cref="Exception.ToString"/>: type and
/// message, each inner exception after <c> ---&gt; </c>, stack frames), stack frames left out; a connection the
/// kernel denied (EPERM, EACCES) says so and names what denies it.
/// </summary>
internal static partial class ExportFailureReason
{
    /// <summary>
    /// Said of a denied connection: systemd's <c>IPAddressDeny=</c> makes <c>connect(2)</c> fail with EPERM, which .NET
    /// reports as EACCES ("SocketException (13): Permission denied").
    /// </summary>
    public const string DeniedHint =
        "denied: connect(2) was not permitted (EPERM, reported as 'Permission denied'); under systemd, IPAddressDeny= refuses the collector's address unless IPAddressAllow= names it, and a firewall rule can do the same";

    /// <summary>The exception chain of <paramref name="text"/> on one line, and the denial hint when a connection was denied.</summary>
    public static string Describe(string text)
    {
        var chain = text.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => (line.Length > 0 && !line.StartsWith(' ') && !line.StartsWith("---", StringComparison.Ordinal)) || line.StartsWith(" ---> ", StringComparison.Ordinal))
            .Select(line => ShortTypeName().Replace(line.TrimStart().Replace("---> ", "", StringComparison.Ordinal), "$1"));
        var described = string.Join(" ---> ", chain);
        if (described.Length == 0)
        {
            described = "no reason given";
        }

        return IsDenied(text) ? $"{DeniedHint}: {described}" : described;
    }

    /// <summary>Whether a socket call in <paramref name="text"/> failed with EPERM (1) or EACCES (13).</summary>
    public static bool IsDenied(string text) => Denied().IsMatch(text);

    // SocketException's text carries the errno ("SocketException (1): Operation not permitted").
    [GeneratedRegex(@"SocketException \((1|13)\)|Operation not permitted|Permission denied")]
    private static partial Regex Denied();

    // "System.Net.Http.HttpRequestException: ..." -> "HttpRequestException: ...".
    [GeneratedRegex(@"^(?:[A-Za-z_][\w`]*\.)+([A-Za-z_][\w`]*(?: \(\d+\))?:)")]
    private static partial Regex ShortTypeName();
}
