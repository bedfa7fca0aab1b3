using UnixDatagram.Handlers.Internal;
using static UnixDatagram.Hosting.Endpoints.EndpointsLog;

namespace UnixDatagram.Hosting.Endpoints;

/// <summary>
/// Whether an endpoint's handlers see a datagram, in this order: the daemon's own output coming back (never, unless
/// <c>AcceptSelfSent</c>), the sender allow-list (<c>AllowedUserIds</c>, <c>AllowedGroupIds</c>), the per-sender rate
/// limit (<c>RateLimitInterval</c>, <c>RateLimitBurst</c>), then the truncation policy (<c>WhenTruncated</c>). Each
/// refusal is counted in the endpoint's statistics and logged, rate-limited. Called from the receive loop only.
/// </summary>
internal sealed class DatagramAdmission
{
    private readonly DatagramEndpointOptions _options;
    private readonly EndpointStatistics _stats;
    private readonly ILogger _logger;
    private readonly uint[] _allowedUsers;
    private readonly uint[] _allowedGroups;
    private readonly SenderRateLimits? _senderLimits;
    private readonly SelfSentGuard? _selfSent;
    private readonly RateLimiter _rejectedLog;
    private readonly RateLimiter _truncatedLog;

    public DatagramAdmission(DatagramEndpointOptions options, EndpointStatistics stats, ILogger logger, TimeProvider time, TimeSpan logInterval)
    {
        _options = options;
        _stats = stats;
        _logger = logger;
        _allowedUsers = [.. options.AllowedUserIds];
        _allowedGroups = [.. options.AllowedGroupIds];
        if (options.RateLimitBurst > 0 && options.RateLimitInterval > TimeSpan.Zero)
        {
            _senderLimits = new SenderRateLimits(time, options.RateLimitInterval, options.RateLimitBurst, options.RateLimitKey);
        }

        _selfSent = options.AcceptSelfSent ? null : new SelfSentGuard(Environment.ProcessId, time);
        _rejectedLog = new RateLimiter(time, logInterval);
        _truncatedLog = new RateLimiter(time, logInterval);
    }

    private string Name => _options.Name;

    private string KeyName => _options.RateLimitKey == SenderRateLimitKey.ProcessId ? "pid" : "uid";

    /// <summary>Applies the rules in order; counts and logs what it refuses.</summary>
    /// <returns>Whether the handlers get the datagram.</returns>
    public bool Admit(Datagram datagram)
    {
        // First: the daemon's own output coming back is no one's input, whoever is allowed and whatever the handlers.
        if (_selfSent is not null && datagram.Credentials is { } sender && _selfSent.IsOwn(sender))
        {
            _stats.CountSelfSent();
            if (_selfSent.ShouldReport())
            {
                LogSelfSent(_logger, Name, sender.ProcessId, datagram.Sender.ToString(), _stats.SelfSent);
            }

            return false;
        }

        if (!IsAllowed(datagram))
        {
            return false;
        }

        if (_senderLimits is not null && !AdmitRate(_senderLimits, datagram))
        {
            return false;
        }

        if (datagram.IsTruncated)
        {
            _stats.CountTruncated();
            if (_truncatedLog.TryAcquire(out var suppressed))
            {
                LogTruncated(_logger, Name, datagram.DatagramLength, _options.MaxDatagramSize, _options.WhenTruncated, datagram.Sender.ToString(), UnixCredentials.Describe(datagram.Credentials), suppressed);
            }

            return _options.WhenTruncated == TruncatedDatagramMode.Deliver;
        }

        return true;
    }

    private static string KeyText(long key) => key == SenderRateLimits.Unknown ? "(credentials unknown)" : key.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The sender allow-list: with one set, a sender without credentials is refused.</summary>
    private bool IsAllowed(Datagram datagram)
    {
        if (_allowedUsers.Length == 0 && _allowedGroups.Length == 0)
        {
            return true;
        }

        var credentials = datagram.Credentials;
        if (credentials is { } c
            && (_allowedUsers.Length == 0 || Array.IndexOf(_allowedUsers, c.UserId) >= 0)
            && (_allowedGroups.Length == 0 || Array.IndexOf(_allowedGroups, c.GroupId) >= 0))
        {
            return true;
        }

        _stats.CountRejected();
        if (_rejectedLog.TryAcquire(out var suppressed))
        {
            if (credentials is null)
            {
                LogRejectedUnknown(_logger, Name, datagram.Sender.ToString(), suppressed);
            }
            else
            {
                LogRejected(_logger, Name, credentials.Value.ToString(), datagram.Sender.ToString(), suppressed);
            }
        }

        return false;
    }

    /// <summary>The per-sender rate limit: counts and reports (once per interval per sender) what it suppresses.</summary>
    private bool AdmitRate(SenderRateLimits limits, Datagram datagram)
    {
        var key = limits.Key(datagram.Credentials);
        if (limits.TryAdmit(key, out var suppressedBefore, out var firstSuppressed))
        {
            if (suppressedBefore > 0)
            {
                LogSuppressedSummary(_logger, Name, suppressedBefore, KeyName, KeyText(key), _options.RateLimitBurst, _options.RateLimitInterval);
            }

            return true;
        }

        _stats.CountSuppressed();
        if (firstSuppressed)
        {
            LogSuppressing(_logger, Name, KeyName, KeyText(key), _options.RateLimitBurst, _options.RateLimitInterval, datagram.Sender.ToString(), UnixCredentials.Describe(datagram.Credentials));
        }

        return false;
    }
}
