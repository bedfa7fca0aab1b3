using UnixDatagram.Hosting.Systemd;

namespace UnixDatagram.Hosting.Tests.Systemd;

public sealed class ListenFdsEnvironmentTests
{
    [Fact]
    public void Read_OurPidWithNames_OneNamePerDescriptor()
    {
        var result = Read(("LISTEN_PID", "100"), ("LISTEN_FDS", "2"), ("LISTEN_FDNAMES", "ingest:control"));

        Assert.Equal(["ingest", "control"], result.Names);
        Assert.Null(result.Problem);
        Assert.Null(result.IgnoredBecause);
    }

    [Fact]
    public void Read_NoListenPid_NothingEvenWithListenFds()
    {
        var result = Read(("LISTEN_FDS", "2"));

        Assert.Empty(result.Names);
        Assert.Contains("LISTEN_PID is not", result.IgnoredBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NothingSet_NothingAndNoRemarks()
    {
        var result = Read();

        Assert.Empty(result.Names);
        Assert.Null(result.IgnoredBecause);
        Assert.Null(result.Problem);
    }

    [Fact]
    public void Read_OtherPid_IgnoredSayingWhose()
    {
        var result = Read(("LISTEN_PID", "101"), ("LISTEN_FDS", "1"));

        Assert.Empty(result.Names);
        Assert.Equal("LISTEN_PID=101 is another process (this is 100)", result.IgnoredBecause);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1 ")]
    [InlineData("99999999")]
    public void Read_BadCount_NothingAndAProblem(string count)
    {
        var result = Read(("LISTEN_PID", "100"), ("LISTEN_FDS", count));

        Assert.Empty(result.Names);
        Assert.Contains($"LISTEN_FDS='{count}'", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadPid_NothingAndAProblem()
    {
        var result = Read(("LISTEN_PID", "x1"), ("LISTEN_FDS", "1"));

        Assert.Empty(result.Names);
        Assert.Contains("LISTEN_PID='x1'", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ZeroFds_Nothing()
    {
        Assert.Empty(Read(("LISTEN_PID", "100"), ("LISTEN_FDS", "0")).Names);
    }

    [Fact]
    public void Read_NoNames_AllUnknownWithoutProblem()
    {
        var result = Read(("LISTEN_PID", "100"), ("LISTEN_FDS", "2"));

        Assert.Equal(["unknown", "unknown"], result.Names);
        Assert.Null(result.Problem);
    }

    [Fact]
    public void Read_FewerNamesThanFds_RestUnknownWithProblem()
    {
        var result = Read(("LISTEN_PID", "100"), ("LISTEN_FDS", "3"), ("LISTEN_FDNAMES", "a:b"));

        Assert.Equal(["a", "b", "unknown"], result.Names);
        Assert.Contains("has 2 name(s) for LISTEN_FDS=3", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MoreNamesThanFds_ExtraIgnoredWithProblem()
    {
        var result = Read(("LISTEN_PID", "100"), ("LISTEN_FDS", "1"), ("LISTEN_FDNAMES", "a:b"));

        Assert.Equal(["a"], result.Names);
        Assert.NotNull(result.Problem);
    }

    internal static ListenFdsEnvironment Read(params (string Name, string Value)[] variables)
    {
        var env = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return ListenFdsEnvironment.Read(name => env.GetValueOrDefault(name), 100);
    }
}
