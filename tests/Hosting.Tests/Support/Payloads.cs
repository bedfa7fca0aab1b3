namespace UnixDatagram.Hosting.Tests;

/// <summary>Numbered payloads, so order and loss are visible.</summary>
internal static class Payloads
{
    public static byte[] Number(int i) => BitConverter.GetBytes(i);

    public static int Number(byte[] payload) => BitConverter.ToInt32(payload);

    public static int[] Numbers(IEnumerable<byte[]> payloads) => [.. payloads.Select(Number)];

    /// <summary>Longer than the 16-byte MaxDatagramSize the tests use, so it arrives truncated.</summary>
    public static byte[] Oversized() => [.. Enumerable.Range(0, 100).Select(i => (byte)i)];
}
