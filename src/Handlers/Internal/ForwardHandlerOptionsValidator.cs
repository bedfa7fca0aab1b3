using Microsoft.Extensions.Options;

namespace UnixDatagram.Handlers.Internal;

/// <summary>
/// Checks <see cref="ForwardHandlerOptions"/> on their own. Whether the target exists is checked against
/// <see cref="IDatagramSender.TargetNames"/> when the handler first forwards.
/// </summary>
internal sealed class ForwardHandlerOptionsValidator : IValidateOptions<ForwardHandlerOptions>
{
    public static ForwardHandlerOptionsValidator Instance { get; } = new();

    public ValidateOptionsResult Validate(string? name, ForwardHandlerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        name ??= Options.DefaultName;
        return string.IsNullOrWhiteSpace(options.Target)
            ? ValidateOptionsResult.Fail($"{HandlerOptionsKeys.Key(name, nameof(options.Target))}: '{options.Target}' names no target; the forward handler '{name}' needs the name of one of the send targets configured in Daemon:Targets.")
            : ValidateOptionsResult.Success;
    }
}
