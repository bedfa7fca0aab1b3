using Microsoft.Extensions.Options;

namespace UnixDatagram.Handlers.Tests;

/// <summary>Named options that a test sets and reloads, as configuration binding would.</summary>
internal sealed class TestOptionsMonitor<T> : IOptionsMonitor<T>
    where T : class, new()
{
    private readonly Dictionary<string, T> _values = new(StringComparer.Ordinal);
    private readonly List<Action<T, string?>> _listeners = [];

    public TestOptionsMonitor(string name, T value)
    {
        _values[name] = value;
    }

    public T CurrentValue => Get(Options.DefaultName);

    public T Get(string? name) => _values.TryGetValue(name ?? Options.DefaultName, out var value) ? value : new T();

    /// <summary>Replaces the options of <paramref name="name"/> and tells the listeners, like a configuration reload.</summary>
    public void Reload(string name, T value)
    {
        _values[name] = value;
        foreach (var listener in _listeners.ToList())
        {
            listener(value, name);
        }
    }

    public IDisposable OnChange(Action<T, string?> listener)
    {
        _listeners.Add(listener);
        return new Subscription(() => _listeners.Remove(listener));
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
