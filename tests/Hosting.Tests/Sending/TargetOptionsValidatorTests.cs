using Microsoft.Extensions.Options;
using UnixDatagram.Hosting.Options;

namespace UnixDatagram.Hosting.Tests.Sending;

public sealed class TargetOptionsValidatorTests
{
    [Theory]
    [InlineData("Name=", "Daemon:Targets:1:Name: '' is empty")]
    [InlineData("Name=first", "Daemon:Targets:1:Name: 'first' is already the name of Daemon:Targets:0")]
    [InlineData("Name=FIRST", "Daemon:Targets:1:Name: 'FIRST' is already the name of Daemon:Targets:0 ('first'; names are compared ignoring case)")]
    [InlineData("Name=up\nstream\u001b[31m", "Daemon:Targets:1:Name: 'up\\nstream\\x1b[31m' is not a valid target name: a name is 1 to 64 ASCII letters")]
    [InlineData("Name=up:stream", "Daemon:Targets:1:Name: 'up:stream' is not a valid target name")]
    [InlineData("Path=", "Daemon:Targets:1:Path: '' is empty")]
    [InlineData("Path=a\0b", "Daemon:Targets:1:Path: 'a\\0b' contains a NUL character")]
    [InlineData("Path=@", "Daemon:Targets:1:Path: '@' is an empty abstract name")]
    [InlineData("QueueCapacity=0", "Daemon:Targets:1:QueueCapacity: '0' must be greater than 0")]
    [InlineData("UnhealthyAfter=00:00:00", "Daemon:Targets:1:UnhealthyAfter: '00:00:00' must be greater than zero")]
    [InlineData("ReconnectMinDelay=-00:00:01", "Daemon:Targets:1:ReconnectMinDelay: '-00:00:01' must be greater than zero")]
    [InlineData("ReconnectMaxDelay=00:00:00.0500000", "Daemon:Targets:1:ReconnectMaxDelay: '00:00:00.0500000' is less than ReconnectMinDelay '00:00:00.1000000'")]
    [InlineData("ReconnectMaxDelay=100.00:00:00", "Daemon:Targets:1:ReconnectMaxDelay: '100.00:00:00' is longer than a timer can wait")]
    [InlineData("SendBufferSize=0", "Daemon:Targets:1:SendBufferSize: '0' must be greater than 0")]
    [InlineData("WhenCongested=7", "Daemon:Targets:1:WhenCongested: '7' is not one of Wait, DropNewest, Fail")]
    public void Validate_BadValue_FailsNamingKeyAndValue(string setting, string expected)
    {
        using var dir = new TempDirectory();
        var options = Options(new DatagramTargetOptions { Name = "first", Path = "first.sock" }, Apply(new DatagramTargetOptions { Name = "second", Path = "second.sock" }, setting));

        var result = new TargetOptionsValidator(new SocketDirectory(dir.Path, "test")).Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AbsolutePathTooLong_FailsWithLengthAndLimit()
    {
        using var dir = new TempDirectory();
        var path = "/run/" + new string('x', 125);
        var options = Options(new DatagramTargetOptions { Name = "a", Path = path });

        var result = new TargetOptionsValidator(new SocketDirectory(dir.Path, "test")).Validate(null, options);

        Assert.Equal($"Daemon:Targets:0:Path: '{path}' is 130 bytes long; the limit is 107.", Assert.Single(result.Failures!));
    }

    [Fact]
    public void Validate_RelativePathTooLongOnceResolved_FailsNamingBothPaths()
    {
        using var dir = new TempDirectory();
        var name = new string('y', 110 - dir.Path.Length);
        var options = Options(new DatagramTargetOptions { Name = "a", Path = name });

        var result = new TargetOptionsValidator(new SocketDirectory(dir.Path, "test")).Validate(null, options);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith($"Daemon:Targets:0:Path: '{name}' resolves to '{dir.Path}/{name}'", failure, StringComparison.Ordinal);
        Assert.EndsWith("is 111 bytes long; the limit is 107.", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralTargetsWrong_ReportsEveryFailureWithItsIndex()
    {
        using var dir = new TempDirectory();
        var options = Options(
            new DatagramTargetOptions { Name = "ok", Path = "ok.sock" },
            new DatagramTargetOptions { Name = "", Path = "x.sock", QueueCapacity = -1 },
            new DatagramTargetOptions { Name = "ok", Path = "" });

        var result = new TargetOptionsValidator(new SocketDirectory(dir.Path, "test")).Validate(null, options);

        Assert.Collection(
            result.Failures!,
            f => Assert.StartsWith("Daemon:Targets:1:Name:", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Daemon:Targets:1:QueueCapacity: '-1'", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Daemon:Targets:2:Name: 'ok'", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Daemon:Targets:2:Path: ''", f, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_GoodTargets_Succeeds()
    {
        using var dir = new TempDirectory();
        var options = Options(
            new DatagramTargetOptions { Name = "relative", Path = "peer.sock" },
            new DatagramTargetOptions { Name = "absolute", Path = "/" + new string('z', 106) },
            new DatagramTargetOptions { Name = "abstract", Path = "@" + new string('a', 107), AllowAbstractName = true, SendBufferSize = 65536, WhenCongested = TargetCongestionMode.Fail });

        var result = new TargetOptionsValidator(new SocketDirectory(dir.Path, "test")).Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    private static DatagramDaemonOptions Options(params DatagramTargetOptions[] targets)
    {
        var options = new DatagramDaemonOptions();
        foreach (var target in targets)
        {
            options.Targets.Add(target);
        }

        return options;
    }

    private static DatagramTargetOptions Apply(DatagramTargetOptions target, string setting)
    {
        var (key, value) = (setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        switch (key)
        {
            case "Name": target.Name = value; break;
            case "Path": target.Path = value; break;
            case "QueueCapacity": target.QueueCapacity = int.Parse(value, culture); break;
            case "UnhealthyAfter": target.UnhealthyAfter = TimeSpan.Parse(value, culture); break;
            case "ReconnectMinDelay": target.ReconnectMinDelay = TimeSpan.Parse(value, culture); break;
            case "ReconnectMaxDelay": target.ReconnectMaxDelay = TimeSpan.Parse(value, culture); break;
            case "SendBufferSize": target.SendBufferSize = int.Parse(value, culture); break;
            case "WhenCongested": target.WhenCongested = (TargetCongestionMode)int.Parse(value, culture); break;
            default: throw new ArgumentException(setting, nameof(setting));
        }

        return target;
    }
}
