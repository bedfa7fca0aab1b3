namespace UnixDatagram.Transport.Tests;

/// <summary>Names no other test (or run) uses at the same time.</summary>
internal static class TestNames
{
    /// <summary>An abstract socket name (<c>@...</c>), unique to this call.</summary>
    public static string UniqueAbstractName(string prefix) => $"@udg-test-{prefix}-{Guid.NewGuid():N}";
}
