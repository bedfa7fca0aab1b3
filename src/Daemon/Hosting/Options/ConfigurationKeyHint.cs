namespace UnixDatagram.Hosting;

/// <summary>
/// The hint an error or warning about an unknown configuration key gives, the same for every section: the known name
/// the key most likely misspells (<c>did you mean Endpoint?</c>), or else the known names. The daemon's own sections
/// use it; so can the checks of an application's own sections.
/// </summary>
public static class ConfigurationKeyHint
{
    /// <summary><c>did you mean X?</c> for the <see cref="Nearest"/> name, or <c>known: A, B, C</c> when none is near.</summary>
    /// <param name="key">The configuration key that is not known.</param>
    /// <param name="known">The names that would have been known, in the order to list them.</param>
    public static string For(string key, IReadOnlyCollection<string> known) =>
        Nearest(key, known) is { } nearest ? $"did you mean {nearest}?" : $"known: {string.Join(", ", known)}";

    /// <summary>
    /// The known name closest to <paramref name="key"/>, ignoring case: edit distance (Levenshtein) at most a third of
    /// the key's length and at least 2, a name the key begins or a name that begins with the key counting as 1; null
    /// when none is that close.
    /// </summary>
    /// <param name="key">The configuration key that is not known (its last segment, such as <c>Endpont</c>).</param>
    /// <param name="known">The names that would have been known.</param>
    public static string? Nearest(string key, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in known)
        {
            var distance = Distance(key.ToUpperInvariant(), name.ToUpperInvariant());
            if (name.StartsWith(key, StringComparison.OrdinalIgnoreCase) || key.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                distance = Math.Min(distance, 1);
            }

            if (distance < bestDistance)
            {
                (best, bestDistance) = (name, distance);
            }
        }

        return bestDistance <= Math.Max(2, key.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
