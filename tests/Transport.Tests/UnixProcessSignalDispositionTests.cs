using System.Runtime.InteropServices;

namespace UnixDatagram.Transport.Tests;

/// <summary>
/// Signal dispositions as sigaction(2) reports them, on SIGUSR2 (which nothing in this process uses); and the .NET
/// behaviour that makes them matter: a registration over an ignored signal installs no handler.
/// </summary>
public sealed class UnixProcessSignalDispositionTests
{
    private const PosixSignal SigUsr2 = (PosixSignal)12;

    [Fact]
    public void SetSignalDisposition_IgnoredThenDefault_ReadBackAsSet()
    {
        try
        {
            Assert.Equal(UnixSignalDisposition.Default, UnixProcess.GetSignalDisposition(SigUsr2));

            UnixProcess.SetSignalDisposition(SigUsr2, UnixSignalDisposition.Ignored);
            Assert.Equal(UnixSignalDisposition.Ignored, UnixProcess.GetSignalDisposition(SigUsr2));

            UnixProcess.SetSignalDisposition(SigUsr2, UnixSignalDisposition.Default);
            Assert.Equal(UnixSignalDisposition.Default, UnixProcess.GetSignalDisposition(SigUsr2));
        }
        finally
        {
            UnixProcess.SetSignalDisposition(SigUsr2, UnixSignalDisposition.Default);
        }
    }

    [Fact]
    public void PosixSignalRegistration_SignalIgnored_StaysIgnoredUntilSetToDefaultFirst()
    {
        try
        {
            UnixProcess.SetSignalDisposition(SigUsr2, UnixSignalDisposition.Ignored);
            using (PosixSignalRegistration.Create(SigUsr2, _ => { }))
            {
                Assert.Equal(UnixSignalDisposition.Ignored, UnixProcess.GetSignalDisposition(SigUsr2));
            }

            UnixProcess.SetSignalDisposition(SigUsr2, UnixSignalDisposition.Default);
            using (PosixSignalRegistration.Create(SigUsr2, _ => { }))
            {
                Assert.Equal(UnixSignalDisposition.Caught, UnixProcess.GetSignalDisposition(SigUsr2));
                var refused = Assert.Throws<InvalidOperationException>(() => UnixProcess.SetSignalDisposition(SigUsr2, UnixSignalDisposition.Ignored));
                Assert.Contains("has a handler", refused.Message, StringComparison.Ordinal);
            }

            Assert.Equal(UnixSignalDisposition.Default, UnixProcess.GetSignalDisposition(SigUsr2));
        }
        finally
        {
            UnixProcess.SetSignalDisposition(SigUsr2, UnixSignalDisposition.Default);
        }
    }

    [Fact]
    public void GetSignalDisposition_NoSuchSignal_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => UnixProcess.GetSignalDisposition((PosixSignal)4096));
        Assert.Equal("signal", error.ParamName);
        Assert.Contains("EINVAL", error.Message, StringComparison.Ordinal);
    }
}
