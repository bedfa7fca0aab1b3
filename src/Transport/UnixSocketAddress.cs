using System.Text;

namespace UnixDatagram.Transport;

/// <summary>
/// The address of a UNIX domain socket: a file system path, an abstract name (written <c>@name</c>), or unnamed.
/// </summary>
/// <remarks>
/// <c>sun_path</c> holds 108 bytes, so a path may be at most <see cref="MaxPathBytes"/> UTF-8 bytes (one is kept for
/// the terminating NUL) and an abstract name at most <see cref="MaxPathBytes"/> bytes after its leading NUL.
/// Every rule is checked here, before any system call, and each failure names the offending value.
/// </remarks>
public readonly partial struct UnixSocketAddress : IEquatable<UnixSocketAddress>
{
    /// <summary>The longest path or abstract name, in UTF-8 bytes: 107.</summary>
    public const int MaxPathBytes = 107;

    private readonly string? _value;

    private UnixSocketAddress(UnixAddressKind kind, string value)
    {
        Kind = kind;
        _value = value;
    }

    /// <summary>The address of a socket that was never bound.</summary>
    public static UnixSocketAddress Unnamed => default;

    /// <summary>What the address names.</summary>
    public UnixAddressKind Kind { get; }

    /// <summary>The path, or the abstract name without its <c>@</c>; empty when unnamed.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether a datagram can be sent to this address (it has a path or an abstract name).</summary>
    public bool IsAddressable => Kind != UnixAddressKind.Unnamed;

    /// <summary>
    /// Parses a path, or an abstract name written <c>@name</c> (a leading NUL is accepted too).
    /// </summary>
    /// <exception cref="ArgumentException">The text is empty, contains a NUL, or is longer than <see cref="MaxPathBytes"/> bytes.</exception>
    public static UnixSocketAddress Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!TryParse(address, out var result, out var error))
        {
            throw new ArgumentException(error, nameof(address));
        }

        return result;
    }

    /// <summary>Parses like <see cref="Parse(string)"/>, returning the reason instead of throwing.</summary>
    public static bool TryParse(string? address, out UnixSocketAddress result, out string? error)
    {
        result = default;
        if (string.IsNullOrEmpty(address))
        {
            error = "The UNIX socket address '' is empty: give a path, or @name for the abstract namespace.";
            return false;
        }

        var isAbstract = address[0] is '@' or '\0';
        var name = isAbstract ? address[1..] : address;
        if (isAbstract && name.Length == 0)
        {
            error = $"The abstract socket name '{Printable(address)}' is empty: write @name.";
            return false;
        }

        if (name.Contains('\0', StringComparison.Ordinal))
        {
            error = $"The UNIX socket address '{Printable(address)}' contains a NUL character.";
            return false;
        }

        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxPathBytes)
        {
            error = $"The UNIX socket {(isAbstract ? "abstract name" : "path")} '{Printable(address)}' is {bytes} bytes long; the limit is {MaxPathBytes} bytes (sun_path holds 108).";
            return false;
        }

        error = null;
        result = new UnixSocketAddress(isAbstract ? UnixAddressKind.Abstract : UnixAddressKind.Path, name);
        return true;
    }

    /// <summary>A path address, validated as <see cref="Parse(string)"/> does, but never read as abstract.</summary>
    public static UnixSocketAddress FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parsed = Parse(path.StartsWith('@') ? "./" + path : path);
        return parsed;
    }

    /// <summary>An abstract-namespace address for <paramref name="name"/> (given without <c>@</c>).</summary>
    public static UnixSocketAddress FromAbstractName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Parse("@" + name);
    }

    /// <summary>Returns the path, <c>@name</c> for an abstract name, or <c>(unnamed)</c>.</summary>
    public override string ToString() => Kind switch
    {
        UnixAddressKind.Path => Value,
        UnixAddressKind.Abstract => "@" + Value,
        _ => "(unnamed)",
    };

    /// <inheritdoc />
    public bool Equals(UnixSocketAddress other) => Kind == other.Kind && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is UnixSocketAddress other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode(Value));

    /// <summary>Compares two addresses.</summary>
    public static bool operator ==(UnixSocketAddress left, UnixSocketAddress right) => left.Equals(right);

    /// <summary>Compares two addresses.</summary>
    public static bool operator !=(UnixSocketAddress left, UnixSocketAddress right) => !left.Equals(right);

    private static string Printable(string text) => text.Replace("\0", "\\0", StringComparison.Ordinal);
}
