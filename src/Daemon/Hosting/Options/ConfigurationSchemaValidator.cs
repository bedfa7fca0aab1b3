
namespace UnixDatagram.Hosting.Options;

/// <summary>
/// Checks the <c>Daemon</c> section of the configuration itself against the options types (top level, each
/// <c>Endpoints</c> and <c>Targets</c> entry, and each handler's <c>Daemon:Handlers:&lt;name&gt;</c> against the options
/// type it registered), because the configuration binder silently skips what it cannot convert. It runs wherever
/// the options are validated: at start, and for every options instance the options factory creates (a reload too).
/// Failures name the full key and the value; an unknown key is a failure too, with the closest known name.
/// </summary>
internal sealed class ConfigurationSchemaValidator(HandlerRegistry handlers, IConfiguration? configuration = null)
    : IValidateOptions<DatagramDaemonOptions>
{
    public ValidateOptionsResult Validate(string? name, DatagramDaemonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var schema = new ConfigurationSchema();
        if (configuration is not null)
        {
            var section = IndexedConfiguration.GetSection(configuration, DatagramDaemonOptions.SectionName);
            schema.CheckObject(section, typeof(DatagramDaemonOptions), "Handlers");
            CheckHandlers(schema, section.GetSection("Handlers"));
        }

        if (schema.Errors.Count == 0 && options.BindingFailure is { } failure)
        {
            schema.Errors.Add(failure);
        }

        return schema.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(schema.Errors);
    }

    private void CheckHandlers(ConfigurationSchema schema, IConfigurationSection section)
    {
        foreach (var handler in section.GetChildren())
        {
            if (!handlers.Contains(handler.Key))
            {
                schema.Unknown(handler, [.. handlers.Names.Order(StringComparer.Ordinal)], "handler");
            }
            else if (handlers.OptionsType(handler.Key) is { } type)
            {
                schema.CheckObject(handler, type);
            }
            else if (handler.Value is { Length: > 0 } || handler.GetChildren().Any())
            {
                schema.Errors.Add($"{handler.Path}: handler '{handler.Key}' takes no options (a setting here would be ignored, so start fails).");
            }
        }
    }
}
