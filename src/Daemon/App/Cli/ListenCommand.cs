using System.CommandLine.Parsing;

namespace UnixDatagram.Daemon;

/// <summary>
/// <c>listen PATH [--count N] [--quiet] [--warmup N]</c>: one endpoint through the same listener pipeline and binding rules as
/// <c>run</c>, printing each datagram, or with <c>--quiet</c> only a closing summary.
/// </summary>
internal static class ListenCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("PATH") { Description = "The socket to bind: a path, or @name for the abstract namespace." };
        var count = new Option<long?>("--count") { Description = "Exit 0 after N datagrams." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only 'received N datagrams in X s (R/s)' at the end (X from the first datagram to the last)." };
        var warmup = new Option<long>("--warmup") { Description = "With --quiet: leave the first N datagrams out of the summary (received, not timed): the clock starts at datagram N and N counts of the --count total. Default: 0." };
        var command = new Command("listen", "Bind a socket and print what arrives.") { path, count, quiet, warmup };
        count.AtLeast(1);
        warmup.AtLeast(0);
        command.Validators.Add(result =>
        {
            // From the tokens, as OptionRules does: a value that does not convert is left to the parser's own error.
            if (Number(result.GetResult(count)) is { } n && Number(result.GetResult(warmup)) is { } w && w >= n)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--warmup {w} must be less than --count {n}"));
            }
        });
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(path)!, result.GetValue(count), result.GetValue(quiet), result.GetValue(warmup), cancellationToken));
        return command;
    }

    private static long? Number(OptionResult? option) =>
        option?.Tokens is [{ } token] && long.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static async Task<int> RunAsync(string path, long? count, bool quiet, long warmup, CancellationToken cancellationToken)
    {
        var address = path.StartsWith('@') ? path : Path.GetFullPath(path);
        var builder = DaemonHostFactory.CreateBuilder([]);
        builder.Services.AddDatagramDaemon(options =>
        {
            // Only this endpoint: the configured ones, targets and the control socket belong to 'run'.
            options.Endpoints.Clear();
            options.Targets.Clear();
            options.ControlPath = null;
            // An @name given on the command line is the opt-in an abstract endpoint needs (it has no file and no mode).
            var endpoint = new DatagramEndpointOptions { Name = "listen", Path = address, AllowAbstractName = address.StartsWith('@') };
            endpoint.Handlers.Add(ListenHandler.Name);
            options.Endpoints.Add(endpoint);
        }).AddHandler<ListenHandler>(ListenHandler.Name);
        using var output = new ListenOutput(quiet, count, warmup);
        builder.Services.AddSingleton(output);
        using var host = builder.Build();
        output.Stop = host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication;
        var exitCode = await host.RunDaemonAsync(cancellationToken).ConfigureAwait(false);
        await output.CompleteAsync().ConfigureAwait(false);
        if (count is { } limit && output.Count > limit)
        {
            // The stop reads what the kernel had queued (see the endpoint's stop): said, not printed, never silently gone.
            await Console.Error.WriteLineAsync($"dgramd listen: {Quantity.Of(output.Count - limit, "more datagram")} arrived after the first {limit} and {(output.Count - limit == 1 ? "was" : "were")} read at stop, not printed").ConfigureAwait(false);
        }

        // A failed start or a fault was logged with its reason already; only a clean early stop needs saying.
        if (exitCode == 0 && count is { } n && output.Count < n)
        {
            await Console.Error.WriteLineAsync($"dgramd listen: stopped after {output.Count} of {Quantity.Of(n, "datagram")}").ConfigureAwait(false);
            return 1;
        }

        // The endpoint comes from the command line: its refusal (a directory that does not exist) is listen failing.
        return exitCode == DaemonHostExtensions.ConfigurationErrorExitCode ? DaemonHostExtensions.FailureExitCode : exitCode;
    }
}
