namespace UnixDatagram.Handlers.Internal;

/// <summary>
/// How many bytes of a datagram a handler may put into one log line. journald splits a line of a service's standard
/// error longer than <c>LineMax=</c> (48K by default, journald.conf(5)) into records of their own, so the rest of a
/// long line would begin a record of its own with text the sender chose. Escaped text takes up to 4 bytes for each
/// byte received (<c>\xff</c>), and the line's other fields about 2K more: 10240 bytes of a datagram stay within one
/// record.
/// </summary>
internal static class LogLineBound
{
    /// <summary>The most bytes of a datagram a log line may show.</summary>
    public const int Maximum = 10240;

    /// <summary>Adds a failure naming <paramref name="key"/> when <paramref name="value"/> is above <see cref="Maximum"/>.</summary>
    public static void Check(string key, int value, List<string> failures)
    {
        if (value > Maximum)
        {
            failures.Add($"{key}: {value} is above {Maximum}: escaped (up to 4 bytes a byte) a longer text would not fit in one line of the journal (journald's LineMax=, 48K by default), and journald would make the rest a record of its own, beginning with what a sender wrote; use {Maximum} or less.");
        }
    }
}
