namespace UnixDatagram.Daemon;

/// <summary>A count with its noun, singular for one: <c>1 datagram</c>, <c>0 datagrams</c>, <c>5 bytes</c>.</summary>
internal static class Quantity
{
    public static string Of(long count, string singular) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? singular : singular + "s")}");
}
