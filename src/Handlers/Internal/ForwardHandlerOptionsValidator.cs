namespace UnixDatagram.Handlers.Internal;

/// <summary>
/// Checks <see cref="ForwardHandlerOptions"/> on their own. Whether the target exists is checked against
/// <see cref="IDatagramSender.TargetNames"/> when the handler first forwards.
/// </summary>
internal sealed class ForwardHandlerOptionsValidator : HandlerOptionsValidator<ForwardHandlerOptions>
{
    public static ForwardHandlerOptionsValidator Instance { get; } = new();

    protected override void Check(string name, ForwardHandlerOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.Target))
        {
            failures.Add($"{HandlerOptionsKeys.Key(name, nameof(options.Target))}: '{options.Target}' names no target; the forward handler '{name}' needs the name of one of the send targets configured in Daemon:Targets.");
        }
    }
}
