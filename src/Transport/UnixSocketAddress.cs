using System.Text;

namespace UnixDatagram.Transport;

/// <summary>
/// The address of a UNIX domain socket: a file system path, an abstract name (written <c>@name</c>), or unnamed.
/// </summary>
/// <remarks>
/// <para>An address is the raw <c>sun_path</c> bytes (<see cref="NameBytes"/>), which need not be UTF-8: a sender
/// chooses them. Equality, hashing and replies use the bytes; <see cref="ToString"/> is an escaped rendering for
/// people, one token without spaces (control characters, spaces and bytes that are not UTF-8 shown as <c>\xNN</c>), and <see cref="Value"/> a
/// decoded one for file system calls on paths we chose.</para>
/// <c>sun_path</c> holds 108 bytes, so a path may be at most <see cref="MaxPathBytes"/> UTF-8 bytes (one is kept for
/// the terminating NUL) and an abstract name at most <see cref="MaxPathBytes"/> bytes after its leading NUL.
/// Every rule is checked here, before any system call, and each failure names the offending value.
/// </remarks>
public readonly partial struct UnixSocketAddress : IEquatable<UnixSocketAddress>
{
    /// <summary>The longest path or abstract name, in UTF-8 bytes: 107.</summary>
    public const int MaxPathBytes = 107;

    private readonly string? _value;
    private readonly byte[]? _bytes;

    private UnixSocketAddress(UnixAddressKind kind, string value)
    {
        Kind = kind;
        _value = value;
        _bytes = Encoding.UTF8.GetBytes(value);
    }

    private UnixSocketAddress(UnixAddressKind kind, byte[] bytes)
    {
        Kind = kind;
        _bytes = bytes;
        _value = Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The address of a socket that was never bound.</summary>
    public static UnixSocketAddress Unnamed => default;

    /// <summary>What the address names.</summary>
    public UnixAddressKind Kind { get; }

    /// <summary>
    /// The path, or the abstract name without its <c>@</c>, decoded as UTF-8; empty when unnamed. Bytes that are not
    /// UTF-8 decode to U+FFFD, so this is not the address: use <see cref="NameBytes"/> to compare and
    /// <see cref="ToString"/> to show.
    /// </summary>
    public string Value => _value ?? string.Empty;

    /// <summary>
    /// The raw <c>sun_path</c> bytes: the path without its terminating NUL, or the abstract name without its leading
    /// NUL (it may hold any bytes, NUL included). Empty when unnamed.
    /// </summary>
    public ReadOnlySpan<byte> NameBytes => _bytes;

    /// <summary>Whether a datagram can be sent to this address (it has a path or an abstract name).</summary>
    public bool IsAddressable => Kind != UnixAddressKind.Unnamed;

    /// <summary>
    /// Whether this is a path that does not start with <c>/</c> (such as <c>rel.sock</c>): the kernel resolves it
    /// against the working directory of the process that uses it, so as a received datagram's sender it names the
    /// sender's socket only in the sender's own working directory, and no other process can reply to it
    /// (<see cref="UnixDatagramSocket.ReplyTo"/> refuses it; see <see cref="UnanswerableReason"/>).
    /// </summary>
    public bool IsRelativePath => Kind == UnixAddressKind.Path && NameBytes is not [(byte)'/', ..];

    /// <summary>
    /// Why another process cannot reply to this address as a received datagram's sender, for a log line or an error;
    /// null when it can (an absolute path or an abstract name). An unnamed sender never bound; a relative path
    /// (<see cref="IsRelativePath"/>) names a file only in the sender's own working directory (unix(7), "Address format").
    /// </summary>
    public string? UnanswerableReason => Kind switch
    {
        UnixAddressKind.Unnamed => "the sender is unnamed (its socket never bound), so no reply can reach it; bind an absolute path or an abstract name before sending",
        UnixAddressKind.Path when IsRelativePath => $"the sender bound the relative path '{DisplayText.TokenFromUtf8(NameBytes)}', which names a file only in its own working directory: it cannot be answered; bind an absolute path or an abstract name",
        _ => null,
    };

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
            error = $"The abstract socket name '{DisplayText.FromString(address)}' is empty: write @name.";
            return false;
        }

        if (name.Contains('\0', StringComparison.Ordinal))
        {
            error = $"The UNIX socket address '{DisplayText.FromString(address)}' contains a NUL character.";
            return false;
        }

        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxPathBytes)
        {
            error = $"The UNIX socket {(isAbstract ? "abstract name" : "path")} '{DisplayText.FromString(address)}' is {bytes} bytes long; the limit is {MaxPathBytes} bytes (sun_path holds 108).";
            return false;
        }

        error = null;
        result = new UnixSocketAddress(isAbstract ? UnixAddressKind.Abstract : UnixAddressKind.Path, name);
        return true;
    }

    /// <summary>
    /// An address from raw <c>sun_path</c> bytes: a path (no NUL) or an abstract name (any bytes), 1 to
    /// <see cref="MaxPathBytes"/> of them.
    /// </summary>
    /// <exception cref="ArgumentException">The kind is unnamed, the bytes are empty or too long, or a path holds a NUL.</exception>
    public static UnixSocketAddress FromBytes(UnixAddressKind kind, ReadOnlySpan<byte> name)
    {
        if (kind is not (UnixAddressKind.Path or UnixAddressKind.Abstract))
        {
            throw new ArgumentException($"An address from bytes is a path or an abstract name, not {kind}.", nameof(kind));
        }

        if (name.IsEmpty || name.Length > MaxPathBytes)
        {
            throw new ArgumentException($"A UNIX socket {(kind == UnixAddressKind.Abstract ? "abstract name" : "path")} is 1 to {MaxPathBytes} bytes long, not {name.Length}.", nameof(name));
        }

        if (kind == UnixAddressKind.Path && name.Contains((byte)0))
        {
            throw new ArgumentException($"The UNIX socket path '{DisplayText.FromUtf8(name)}' contains a NUL byte.", nameof(name));
        }

        return new UnixSocketAddress(kind, name.ToArray());
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

    /// <summary>
    /// Returns the path, <c>@name</c> for an abstract name, or <c>(unnamed)</c>, escaped for display as one token
    /// (<see cref="DisplayText.TokenFromUtf8"/>: a NUL shows as <c>\0</c>, a newline as <c>\n</c>, a space as
    /// <c>\x20</c>, a backslash as <c>\\</c>, a byte that is not UTF-8 as <c>\xNN</c>), since a sender chooses its
    /// address and a log line shows it unquoted among its own fields. A relative path starts with <c>./</c>, so that no
    /// path reads as <c>(unnamed)</c>, an abstract name (<c>@host</c>) or a field (<c>pid=1</c>).
    /// </summary>
    public override string ToString() => Kind switch
    {
        UnixAddressKind.Path => NameBytes is [(byte)'/', ..] ? DisplayText.TokenFromUtf8(NameBytes) : "./" + DisplayText.TokenFromUtf8(NameBytes),
        UnixAddressKind.Abstract => "@" + DisplayText.TokenFromUtf8(_bytes),
        _ => "(unnamed)",
    };

    /// <inheritdoc />
    public bool Equals(UnixSocketAddress other) => Kind == other.Kind && NameBytes.SequenceEqual(other.NameBytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is UnixSocketAddress other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Kind);
        hash.AddBytes(NameBytes);
        return hash.ToHashCode();
    }

    /// <summary>Compares two addresses.</summary>
    public static bool operator ==(UnixSocketAddress left, UnixSocketAddress right) => left.Equals(right);

    /// <summary>Compares two addresses.</summary>
    public static bool operator !=(UnixSocketAddress left, UnixSocketAddress right) => !left.Equals(right);
}
