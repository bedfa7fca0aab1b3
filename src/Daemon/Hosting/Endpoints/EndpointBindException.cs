namespace UnixDatagram.Hosting;

/// <summary>An endpoint could not get its socket at start; the message names the endpoint, the configuration key and the path.</summary>
public sealed class EndpointBindException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EndpointBindException(string endpoint, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Endpoint = endpoint;
    }

    /// <summary>The endpoint's name.</summary>
    public string Endpoint { get; }
}
