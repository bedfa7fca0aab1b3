using System.Globalization;
using System.Text;
using UnixDatagram.Transport;

namespace UnixDatagram.Hosting.Diagnostics;

/// <summary>
/// An exception as a log line may show it when its message can hold what a sender chose (a handler's
/// <c>int.Parse(payload)</c> puts the payload in its <see cref="FormatException"/>): the original's type name and
/// stack trace, which are code locations, with its message and its inner exceptions' messages escaped by
/// <see cref="DisplayText.FromString"/>, so that a datagram cannot add lines to the log through an exception.
/// </summary>
/// <remarks>Only for logging: <see cref="ToString"/> renders as <see cref="Exception.ToString"/> renders the original.</remarks>
#pragma warning disable CA1064 // Never thrown or caught: it only carries an escaped rendering to the logger.
#pragma warning disable CA1032 // Made only by Of, from the exception it renders.
internal sealed class DisplayedException : Exception
#pragma warning restore CA1032
#pragma warning restore CA1064
{
    private readonly string _typeName;
    private readonly string? _stackTrace;
    private readonly IReadOnlyList<DisplayedException> _inner;
    private readonly bool _isAggregate;

    private DisplayedException(Exception original, IReadOnlyList<DisplayedException> inner)
        : base(DisplayText.FromString(original.Message), inner.Count > 0 ? inner[0] : null)
    {
        _typeName = original.GetType().ToString();
        _stackTrace = original.StackTrace;
        _inner = inner;
        _isAggregate = original is AggregateException;
        HResult = original.HResult;
    }

    /// <summary>The original exception's type, such as <c>System.FormatException</c>.</summary>
    public string TypeName => _typeName;

    /// <inheritdoc />
    public override string? StackTrace => _stackTrace;

    /// <summary>
    /// What to log for <paramref name="exception"/>: itself when neither its message nor any inner exception's
    /// needs escaping (so its type stays visible to log providers), otherwise <see cref="Of"/>.
    /// </summary>
    public static Exception ForLog(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return NeedsEscaping(exception) ? Of(exception) : exception;
    }

    /// <summary>
    /// <paramref name="exception"/> with its message and those of its inner exceptions (every one an
    /// <see cref="AggregateException"/> holds) escaped.
    /// </summary>
    public static DisplayedException Of(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is DisplayedException displayed)
        {
            return displayed;
        }

        IReadOnlyList<DisplayedException> inner = exception switch
        {
            AggregateException aggregate => [.. aggregate.InnerExceptions.Select(Of)],
            { InnerException: { } one } => [Of(one)],
            _ => [],
        };
        return new DisplayedException(exception, inner);
    }

    private static bool NeedsEscaping(Exception exception) =>
        !ReferenceEquals(DisplayText.FromString(exception.Message), exception.Message)
        || (exception is AggregateException aggregate
            ? aggregate.InnerExceptions.Any(NeedsEscaping)
            : exception.InnerException is { } inner && NeedsEscaping(inner));

    /// <summary>
    /// The type name, escaped message, inner exceptions and stack trace, laid out as <see cref="Exception.ToString"/>
    /// lays out the original's.
    /// </summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append(_typeName);
        if (Message.Length > 0)
        {
            builder.Append(": ").Append(Message);
        }

        if (_inner.Count > 0)
        {
            builder.Append(" ---> ").Append(_inner[0].ToString()).AppendLine().Append("   --- End of inner exception stack trace ---");
        }

        if (_stackTrace is not null)
        {
            builder.AppendLine().Append(_stackTrace);
        }

        for (var i = 0; _isAggregate && i < _inner.Count; i++)
        {
            builder.AppendLine().Append(CultureInfo.InvariantCulture, $"---> (Inner Exception #{i}) ").Append(_inner[i].ToString()).Append("<---");
        }

        return builder.ToString();
    }
}
