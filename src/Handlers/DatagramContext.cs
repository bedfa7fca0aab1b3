using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Handlers;

/// <summary>
/// One datagram as a handler sees it: payload, endpoint, sender, credentials, truncation, and a way to reply.
/// </summary>
/// <remarks>
/// The daemon reuses context objects: do not keep one, or its <see cref="Payload"/>, past the handler's task.
/// </remarks>
public sealed class DatagramContext
{
    private UnixDatagramSocket? _socket;
    private IReplyPolicy? _replyPolicy;

    /// <summary>Creates a context, for calling a handler directly (tests, or a handler that delegates).</summary>
    /// <param name="endpointName">The endpoint's configured name.</param>
    /// <param name="payload">The datagram's bytes.</param>
    /// <param name="sender">The sender's address; unnamed by default.</param>
    /// <param name="credentials">The sender's kernel-verified credentials, if known.</param>
    /// <param name="replySocket">The socket replies go out through; null when replying is impossible.</param>
    public DatagramContext(string endpointName, ReadOnlyMemory<byte> payload, UnixSocketAddress sender = default, UnixCredentials? credentials = null, UnixDatagramSocket? replySocket = null)
    {
        ArgumentNullException.ThrowIfNull(endpointName);
        EndpointName = endpointName;
        Payload = payload;
        DatagramLength = payload.Length;
        Sender = sender;
        Credentials = credentials;
        _socket = replySocket;
    }

    internal DatagramContext()
    {
        EndpointName = string.Empty;
    }

    /// <summary>The name of the endpoint that received the datagram.</summary>
    public string EndpointName { get; private set; }

    /// <summary>The datagram's bytes (borrowed: valid until the handler's task completes).</summary>
    public ReadOnlyMemory<byte> Payload { get; private set; }

    /// <summary>The sender: a path, an abstract name, or unnamed (a client that never bound, which cannot be answered).</summary>
    public UnixSocketAddress Sender { get; private set; }

    /// <summary>The sender's pid, uid and gid as the kernel vouches for them, when the endpoint passes credentials.</summary>
    public UnixCredentials? Credentials { get; private set; }

    /// <summary>Whether the datagram was longer than the endpoint's <c>MaxDatagramSize</c> and <see cref="Payload"/> holds only its start.</summary>
    public bool IsTruncated { get; private set; }

    /// <summary>The datagram's length as sent; larger than <see cref="Payload"/> when truncated.</summary>
    public int DatagramLength { get; private set; }

    /// <summary>
    /// Whether <see cref="ReplyAsync"/> can work: the sender is bound to an absolute path or an abstract name (not
    /// unnamed, and not a relative path: see <see cref="UnixSocketAddress.UnanswerableReason"/>), and there is a socket
    /// to reply through.
    /// </summary>
    public bool CanReply => Sender.UnanswerableReason is null && _socket is not null;

    /// <summary>
    /// Sends <paramref name="payload"/> back to the sender through the endpoint's socket: to the socket it sent from
    /// (see <see cref="UnixDatagramSocket.ReplyTo"/>: a path is answered only while it holds a socket file of the
    /// sender's uid, never through a symbolic link).
    /// </summary>
    /// <remarks>
    /// In a daemon endpoint, a reply never holds the endpoint hostage: when the sender's receive queue is full (a peer
    /// that does not read), the reply waits at most the endpoint's <c>ReplyTimeout</c> for room, then is dropped,
    /// counted and logged, and the returned task completes normally; so is a reply to a sender that is gone (nothing
    /// receives at its address any more: a client that closed before its answer), and a reply to a sender that bound a
    /// relative path (it names a file only in the sender's working directory, so no other process can answer it:
    /// <see cref="UnixSocketAddress.IsRelativePath"/>). A reply to an abstract name never waits (it is
    /// dropped and counted at once): during a wait the sender could release the name and another socket take it.
    /// A context created with the public constructor waits through congestion until the kernel takes the reply or
    /// <paramref name="cancellationToken"/> fires, except to an abstract name (see
    /// <see cref="UnixDatagramSocket.ReplyToAsync"/>).
    /// </remarks>
    /// <exception cref="InvalidOperationException">The sender is unnamed (it never bound, so no reply can reach it), or there is no socket to reply through.</exception>
    /// <exception cref="UnixSocketException">
    /// The reply is too large, or the reply is refused (<c>EPERM</c>): the sender's credentials are unknown, or its
    /// path now holds a symbolic link or another uid's socket. With the public constructor, also: the sender is gone
    /// (<see cref="UnixSocketException.IsPeerGone"/>), it is an abstract name whose queue is full (<c>EAGAIN</c>), or
    /// it bound a relative path (<c>EPERM</c>).
    /// </exception>
    public ValueTask ReplyAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (!Sender.IsAddressable)
        {
            throw new InvalidOperationException($"Cannot reply on endpoint '{EndpointName}': the sender is unnamed. A client that wants replies must bind its socket to a path or an @abstract name before sending.");
        }

        if (_socket is null)
        {
            throw new InvalidOperationException($"Cannot reply on endpoint '{EndpointName}': this context has no socket to reply through.");
        }

        if (_replyPolicy is not null && Sender.IsRelativePath)
        {
            _replyPolicy.OnReplyDropped(Sender, Credentials, payload.Length, ReplyDropReason.RelativePath);
            return default;
        }

        if (_replyPolicy is null)
        {
            return _socket.ReplyToAsync(payload, Sender, Credentials, cancellationToken);
        }

        try
        {
            return _socket.ReplyTo(payload.Span, Sender, Credentials) == SendStatus.Sent
                ? default
                : ReplyCongestedAsync(_socket, _replyPolicy, payload, Sender, Credentials, cancellationToken);
        }
        catch (UnixSocketException ex) when (ex.IsPeerGone)
        {
            _replyPolicy.OnReplyDropped(Sender, Credentials, payload.Length, ReplyDropReason.SenderGone);
            return default;
        }
    }

    private static async ValueTask ReplyCongestedAsync(UnixDatagramSocket socket, IReplyPolicy policy, ReadOnlyMemory<byte> payload, UnixSocketAddress peer, UnixCredentials? credentials, CancellationToken cancellationToken)
    {
        // An abstract name has no file to hold on to while the reply waits: the sender could release the name and
        // another process bind it, and receive the reply with this process's credentials.
        if (peer.Kind == UnixAddressKind.Abstract)
        {
            policy.OnReplyDropped(peer, credentials, payload.Length, ReplyDropReason.AbstractName);
            return;
        }

        if (policy.ReplyTimeout > TimeSpan.Zero && policy.MayWait(peer))
        {
            using var timeout = new CancellationTokenSource(policy.ReplyTimeout, policy.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                do
                {
                    await socket.WaitWritableAsync(linked.Token).ConfigureAwait(false);
                }
                while (socket.ReplyTo(payload.Span, peer, credentials) != SendStatus.Sent);

                return;
            }
            catch (UnixSocketException ex) when (ex.IsPeerGone)
            {
                policy.OnReplyDropped(peer, credentials, payload.Length, ReplyDropReason.SenderGone);
                return;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                policy.OnReplyDropped(peer, credentials, payload.Length, ReplyDropReason.TimedOut);
                return;
            }
        }

        policy.OnReplyDropped(peer, credentials, payload.Length, ReplyDropReason.NotWaiting);
    }

    /// <summary>Points this reused context at the next datagram.</summary>
    internal void Set(string endpointName, Datagram datagram, UnixDatagramSocket socket, IReplyPolicy? replyPolicy = null)
    {
        _replyPolicy = replyPolicy;
        EndpointName = endpointName;
        Payload = datagram.Payload;
        Sender = datagram.Sender;
        Credentials = datagram.Credentials;
        IsTruncated = datagram.IsTruncated;
        DatagramLength = datagram.DatagramLength;
        _socket = socket;
    }

    /// <summary>Drops references to the datagram once its handlers are done.</summary>
    internal void Clear()
    {
        Payload = default;
        Sender = default;
        Credentials = null;
        IsTruncated = false;
        DatagramLength = 0;
    }
}
