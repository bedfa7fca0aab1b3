namespace UnixDatagram.Hosting;

/// <summary>
/// The rule every time span in the daemon's configuration follows, the same for every section: what
/// <see cref="TimeSpan.TryParse(string, IFormatProvider, out TimeSpan)"/> takes with the invariant culture
/// (<c>hh:mm:ss</c>, <c>d.hh:mm:ss</c>, with fractions of seconds), but never a bare number, which it reads as days:
/// <c>30</c> would be 30 days where an operator used to systemd's <c>RateLimitIntervalSec=30</c> means 30 seconds.
/// The daemon's own sections use it; so can the checks of an application's own sections.
/// </summary>
public static class ConfigurationTimeSpan
{
    /// <summary>What a time span in configuration looks like, for messages: <c>00:00:30 (hh:mm:ss) or 1.00:00:00 (d.hh:mm:ss)</c>.</summary>
    public const string Shape = "00:00:30 (hh:mm:ss) or 1.00:00:00 (d.hh:mm:ss)";

    /// <summary>Why <paramref name="value"/> is not a time span, as the end of a sentence that begins with the key and the value; null when it is one.</summary>
    /// <param name="value">The configuration value.</param>
    public static string? Problem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed))
        {
            return $"is not a time span such as {Shape}";
        }

        if (!value.Contains(':', StringComparison.Ordinal))
        {
            var seconds = TimeSpan.FromSeconds(Math.Min(parsed.TotalDays, TimeSpan.MaxValue.TotalSeconds - 1));
            return string.Create(CultureInfo.InvariantCulture, $"is a bare number, which .NET reads as {parsed.TotalDays} day(s); write it as {Shape}: {seconds:c} for {parsed.TotalDays} seconds, {parsed:c} for days");
        }

        return null;
    }
}
