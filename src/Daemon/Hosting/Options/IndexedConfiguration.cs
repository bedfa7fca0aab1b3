using System.Runtime.CompilerServices;

namespace UnixDatagram.Hosting.Options;

/// <summary>
/// A copy of one configuration section in which the children of a key are looked up, not searched for.
/// <c>Microsoft.Extensions.Configuration</c>'s providers answer "the children of X" by scanning every key they hold
/// (<c>ConfigurationProvider.GetChildKeys</c>), and binding or checking a list asks that once per item: with 1,000
/// endpoints (some 4,000 keys) each pass over the <c>Daemon</c> section costs millions of key comparisons, and start
/// makes several (the socket directory, the options, their validation). The copy is made by one such walk per
/// version of the configuration (its reload token changes on every reload) and serves every pass after it.
/// </summary>
internal static class IndexedConfiguration
{
    private static readonly ConditionalWeakTable<object, Copies> ByReloadToken = [];

    /// <summary>
    /// <paramref name="key"/> of <paramref name="configuration"/>, from the copy made for its current version. Paths
    /// (and so every error message that names a key) are the same as in the original.
    /// </summary>
    public static IConfigurationSection GetSection(IConfiguration configuration, string key)
    {
        var copies = ByReloadToken.GetValue(configuration.GetReloadToken(), static _ => new Copies());
        lock (copies)
        {
            if (!copies.Sections.TryGetValue(key, out var copy))
            {
                copy = new ConfigurationRoot([new Provider(configuration.GetSection(key))]).GetSection(key);
                copies.Sections[key] = copy;
            }

            return copy;
        }
    }

    private sealed class Copies
    {
        public Dictionary<string, IConfigurationSection> Sections { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The copied keys and values, with each key's children listed once.</summary>
    private sealed class Provider : ConfigurationProvider
    {
        private readonly Dictionary<string, List<string>> _children = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _top;

        public Provider(IConfigurationSection section)
        {
            _top = [section.Key];
            Copy(section);
            foreach (var list in _children.Values)
            {
                list.Sort(ConfigurationKeyComparer.Instance);
            }
        }

        public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
        {
            var own = parentPath is null ? _top : _children.TryGetValue(parentPath, out var list) ? list : [];
            var all = new List<string>(earlierKeys);
            all.AddRange(own);
            all.Sort(ConfigurationKeyComparer.Instance);
            return all;
        }

        private void Copy(IConfigurationSection section)
        {
            Data[section.Path] = section.Value;
            var children = new List<string>();
            foreach (var child in section.GetChildren())
            {
                children.Add(child.Key);
                Copy(child);
            }

            _children[section.Path] = children;
        }
    }
}
