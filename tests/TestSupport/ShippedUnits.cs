using Xunit;

namespace UnixDatagram.TestSupport;

/// <summary>The shipped systemd units (deploy/systemd) as the tests read them, and the install they name.</summary>
public static class ShippedUnits
{
    /// <summary>Where deploy/systemd/install puts the executable, as the units name it.</summary>
    public const string InstalledBinary = "/usr/local/lib/dgramd/dgramd";

    /// <summary>The value of <c><paramref name="key"/>=</c> in a unit's lines; fails unless the key is set exactly once.</summary>
    public static string Value(string[] lines, string key) =>
        Assert.Single(lines, l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];
}
