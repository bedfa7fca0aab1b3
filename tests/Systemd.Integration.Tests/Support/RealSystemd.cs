namespace UnixDatagram.Systemd.Integration.Tests;

/// <summary>
/// Every real-systemd test shares one booted container and runs alone, one test at a time: the container is one
/// machine with one dgramd.service.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealSystemd : ICollectionFixture<SystemdMachine>
{
    public const string Name = "real systemd";
}
