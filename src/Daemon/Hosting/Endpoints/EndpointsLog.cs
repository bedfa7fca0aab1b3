namespace UnixDatagram.Hosting.Endpoints;

/// <summary>Log events of the Endpoints folder, in id order (all ranges: README.md, "Log events"): binding endpoints (<see cref="EndpointBinder"/>) 1000-1009, the listener (<see cref="DatagramListenerService"/>) 1010-1019, each endpoint (<see cref="DatagramEndpoint"/>) 1100-1119.</summary>
internal static partial class EndpointsLog
{
    [LoggerMessage(1000, LogLevel.Information, "Endpoint '{Endpoint}' bound to {Address} (mode {Mode})", EventName = "EndpointBound")]
    internal static partial void LogBound(ILogger logger, string endpoint, string address, string mode);

    [LoggerMessage(1001, LogLevel.Information, "Endpoint '{Endpoint}' adopted the socket systemd passed as '{FileDescriptorName}' at {Address}", EventName = "EndpointAdopted")]
    internal static partial void LogAdopted(ILogger logger, string endpoint, string fileDescriptorName, string address);

    [LoggerMessage(1002, LogLevel.Warning, "Endpoint '{Endpoint}' removed a stale socket file at {Path} (no process was receiving there)", EventName = "StaleSocketRemoved")]
    internal static partial void LogStaleRemoved(ILogger logger, string endpoint, string path);

    [LoggerMessage(1003, LogLevel.Warning, "Endpoint '{Endpoint}' adopted a socket systemd passed: {Key} ({Size}) is not applied to it, since the socket outlives this process; set ReceiveBuffer= in the .socket unit instead", EventName = "ReceiveBufferNotApplied")]
    internal static partial void LogReceiveBufferNotApplied(ILogger logger, string endpoint, string key, int size);

    [LoggerMessage(1004, LogLevel.Warning, "Endpoint '{Endpoint}' adopted the socket systemd passed as '{FileDescriptorName}' at {Address} without SO_PASSCRED: datagrams queued before now carry no credentials and are handled as 'credentials unknown' (an allow-list rejects them). Set PassCredentials=yes in the .socket unit (systemd-socket-activate has no such option: the first datagram it passes is always without credentials)", EventName = "AdoptedWithoutCredentials")]
    internal static partial void LogAdoptedWithoutCredentials(ILogger logger, string endpoint, string fileDescriptorName, string address);

    [LoggerMessage(1005, LogLevel.Warning, "Endpoint '{Endpoint}' at {Path} has mode {Mode} ({Key}), but the directory {Directory} has mode {DirectoryMode}: {Whom} cannot reach the socket, since connecting needs search permission on every directory on its path. Put the socket in a directory they may search (Daemon:SocketDirectory, or systemd's RuntimeDirectory= with RuntimeDirectoryMode=0755), or take those bits out of Mode", EventName = "SocketModeBeyondDirectory")]
    internal static partial void LogModeBeyondDirectory(ILogger logger, string endpoint, string path, string mode, string key, string directory, string directoryMode, string whom);

    [LoggerMessage(1006, LogLevel.Warning, "Endpoint '{Endpoint}': {Key} is false, but its senders' credentials are received all the same: {NeededBy} cannot work without them (each would fail open). To receive without credentials, set AcceptSelfSent to true and use no allow-list or rate limit", EventName = "CredentialsKept")]
    internal static partial void LogCredentialsKept(ILogger logger, string endpoint, string key, string neededBy);

    [LoggerMessage(1007, LogLevel.Information, "Endpoint '{Endpoint}' bound to {Address} (an abstract name: no file, no mode; AllowedUserIds/AllowedGroupIds choose the senders)", EventName = "EndpointBoundAbstract")]
    internal static partial void LogBoundAbstract(ILogger logger, string endpoint, string address);

    [LoggerMessage(1008, LogLevel.Warning, "Endpoint '{Endpoint}' adopted the socket systemd passed, whose file {Path} has mode {FileMode}, narrower than {Key} {Mode}: senders whom only {Missing} would admit are refused by the kernel (EACCES) and never reach the daemon. The .socket unit's SocketMode= decides; set it to {Mode}, or remove Mode from the endpoint", EventName = "AdoptedFileNarrower")]
    internal static partial void LogAdoptedFileNarrower(ILogger logger, string endpoint, string path, string fileMode, string key, string mode, string missing);

    [LoggerMessage(1009, LogLevel.Warning, "Endpoint '{Endpoint}' adopted the socket systemd passed at {Address}, but {WhatIsThere}: whoever sends to that path does not reach this endpoint, and its Mode, UserId and GroupId were not checked against a file. Restart the .socket unit to bind the path anew", EventName = "AdoptedFileElsewhere")]
    internal static partial void LogAdoptedFileElsewhere(ILogger logger, string endpoint, string address, string whatIsThere);

    [LoggerMessage(1010, LogLevel.Warning, "No endpoints are configured (Daemon:Endpoints is empty; configuration files are read from the content root {ContentRoot}): nothing will be received", EventName = "NoEndpoints")]
    internal static partial void LogNoEndpoints(ILogger logger, string contentRoot);

    [LoggerMessage(1011, LogLevel.Warning, "Endpoint '{Endpoint}': Mode, UserId or GroupId changed, but the socket at {Address} is kept across a reload and keeps its mode and owner; the new ones apply at restart (or with a new Path)", EventName = "SocketModeKept")]
    internal static partial void LogFileModeKept(ILogger logger, string endpoint, string address);

    [LoggerMessage(1012, LogLevel.Error, "Endpoint '{Endpoint}': the changed socket options could not be applied to the kept socket", EventName = "ReconfigureFailed")]
    internal static partial void LogReconfigureFailed(ILogger logger, Exception exception, string endpoint);

    [LoggerMessage(1100, LogLevel.Error, "Handler '{Handler}' failed on endpoint '{Endpoint}' for a datagram from {Sender} ({Suppressed} more failures suppressed since the last report)", EventName = "HandlerFailed")]
    internal static partial void LogHandlerFailed(ILogger logger, Exception exception, string endpoint, string handler, string sender, long suppressed);

    [LoggerMessage(1101, LogLevel.Warning, "Handler '{Handler}' on endpoint '{Endpoint}' was cancelled after its timeout of {Timeout} (datagram from {Sender}; {Suppressed} more timeouts suppressed since the last report)", EventName = "HandlerTimedOut")]
    internal static partial void LogHandlerTimedOut(ILogger logger, string endpoint, string handler, TimeSpan timeout, string sender, long suppressed);

    [LoggerMessage(1102, LogLevel.Warning, "Endpoint '{Endpoint}' dropped {Count} datagram(s): its queue of {Capacity} is full and WhenFull is {Policy}", EventName = "QueueFullDropped")]
    internal static partial void LogDropped(ILogger logger, string endpoint, EndpointFullMode policy, int capacity, long count);

    [LoggerMessage(1103, LogLevel.Warning, "Endpoint '{Endpoint}' received a datagram of {Length} bytes from {Sender}, over MaxDatagramSize {MaxDatagramSize}; WhenTruncated is {Policy} ({Suppressed} more since the last report)", EventName = "DatagramTruncated")]
    internal static partial void LogTruncated(ILogger logger, string endpoint, int length, int maxDatagramSize, TruncatedDatagramMode policy, string sender, long suppressed);

    [LoggerMessage(1104, LogLevel.Warning, "Endpoint '{Endpoint}' rejected a datagram from {Sender} ({Credentials}): sender not in AllowedUserIds/AllowedGroupIds ({Suppressed} more since the last report)", EventName = "SenderRejected")]
    internal static partial void LogRejected(ILogger logger, string endpoint, string credentials, string sender, long suppressed);

    [LoggerMessage(1105, LogLevel.Error, "Endpoint '{Endpoint}' at {Address} stopped receiving", EventName = "ReceiveFailed")]
    internal static partial void LogReceiveFailed(ILogger logger, Exception exception, string endpoint, string address);

    [LoggerMessage(1106, LogLevel.Warning, "Endpoint '{Endpoint}' stopped with datagrams left unhandled, all counted as dropped: {Running} still being handled when ShutdownTimeout ({Timeout}) passed (their handlers were cancelled), {Queued} queued, {Unread} unread in the kernel queue", EventName = "LeftUnhandled")]
    internal static partial void LogLeftUnhandled(ILogger logger, string endpoint, int running, int queued, int unread, TimeSpan timeout);

    [LoggerMessage(1114, LogLevel.Warning, "Endpoint '{Endpoint}' stopped with {Unread} datagram(s) unread in the kernel queue, counted as dropped: its receive loop had ended before the end of the queue (on a receive error, or because the kernel refused shutdown(SHUT_RD)); every datagram read was handled", EventName = "UnreadAtStop")]
    internal static partial void LogUnreadAtStop(ILogger logger, string endpoint, int unread);

    [LoggerMessage(1107, LogLevel.Information, "Endpoint '{Endpoint}' stopped: {Received} received, {Handled} handled, {Failed} failed, {TimedOut} timed out, {Dropped} dropped, {Truncated} truncated (WhenTruncated {WhenTruncated}), {Rejected} rejected, {Suppressed} suppressed, {SelfSent} self-sent; {ReplyDropped} replies dropped", EventName = "EndpointStopped")]
    internal static partial void LogStopped(ILogger logger, string endpoint, long received, long handled, long failed, long timedOut, long dropped, long truncated, TruncatedDatagramMode whenTruncated, long rejected, long suppressed, long selfSent, long replyDropped);

    [LoggerMessage(1108, LogLevel.Information, "Endpoint '{Endpoint}' left {Count} datagram(s) queued in the socket systemd passed; systemd keeps the socket, and the next instance reads them", EventName = "LeftQueued")]
    internal static partial void LogLeftQueued(ILogger logger, string endpoint, int count);

    [LoggerMessage(1109, LogLevel.Warning, "Endpoint '{Endpoint}' dropped a {Length}-byte reply to {Peer}: {Reason} ({Suppressed} more since the last report)", EventName = "ReplyDropped")]
    internal static partial void LogReplyDropped(ILogger logger, string endpoint, int length, string peer, string reason, long suppressed);

    [LoggerMessage(1110, LogLevel.Warning, "Endpoint '{Endpoint}' suppresses datagrams from {KeyName} {Key} (last from {Sender}): over RateLimitBurst {Burst} per RateLimitInterval {Interval}", EventName = "RateLimitSuppressing")]
    internal static partial void LogSuppressing(ILogger logger, string endpoint, string keyName, string key, int burst, TimeSpan interval, string sender);

    [LoggerMessage(1111, LogLevel.Warning, "Endpoint '{Endpoint}' suppressed {Count} datagrams from {KeyName} {Key} (RateLimitBurst {Burst} per RateLimitInterval {Interval})", EventName = "RateLimitSuppressed")]
    internal static partial void LogSuppressedSummary(ILogger logger, string endpoint, long count, string keyName, string key, int burst, TimeSpan interval);

    [LoggerMessage(1112, LogLevel.Warning, "Endpoint '{Endpoint}' rejected a datagram from {Sender}: credentials unknown (the socket had no SO_PASSCRED when it was sent), and AllowedUserIds/AllowedGroupIds admit only known senders ({Suppressed} more since the last report)", EventName = "CredentialsUnknownRejected")]
    internal static partial void LogRejectedUnknown(ILogger logger, string endpoint, string sender, long suppressed);

    [LoggerMessage(1113, LogLevel.Information, "Endpoint '{Endpoint}' left whatever is queued in the socket systemd passed (the kernel cannot count it without reading: no SO_PEEK_OFF); the next instance reads it", EventName = "LeftQueuedUncounted")]
    internal static partial void LogLeftQueuedUnknown(ILogger logger, string endpoint);

    [LoggerMessage(1119, LogLevel.Information, "Endpoint '{Endpoint}' received a datagram sent by this daemon itself (pid {Pid}, from {Sender}): not handled, only counted as selfSent ({Count} so far), so the daemon never feeds on its own output. Under journald with ForwardToSyslog=yes these are its own log lines coming back. Reported at most once an hour", EventName = "SelfSentReceived")]
    internal static partial void LogSelfSent(ILogger logger, string endpoint, int pid, string sender, long count);
}
