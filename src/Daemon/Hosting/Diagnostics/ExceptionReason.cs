namespace UnixDatagram.Hosting.Diagnostics;

/// <summary>
/// What an operator reads for a refused start or a rejected reload: the messages of the exceptions that carry the
/// reason, without the wrappers around them. <see cref="AggregateException.Message"/> repeats "One or more errors
/// occurred." for each level of nesting around the one message that names the key and the value.
/// </summary>
internal static class ExceptionReason
{
    /// <summary>The innermost messages of <paramref name="exception"/>, each once, joined by "; ".</summary>
    public static string Of(Exception exception) => string.Join("; ", Leaves(exception).Select(e => e.Message).Distinct(StringComparer.Ordinal));

    /// <summary><paramref name="exception"/> itself, or for an <see cref="AggregateException"/> the exceptions it holds, at any depth.</summary>
    public static IEnumerable<Exception> Leaves(Exception exception) => exception is AggregateException { InnerExceptions.Count: > 0 } aggregate
        ? aggregate.InnerExceptions.SelectMany(Leaves)
        : [exception];
}
