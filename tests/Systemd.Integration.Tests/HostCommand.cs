using System.Diagnostics;
using System.Text;

namespace UnixDatagram.Systemd.Integration.Tests;

/// <summary>Runs a program on the host to completion, bounded by a timeout after which it is killed and the call fails.</summary>
internal static class HostCommand
{
    public static async Task<CommandResult> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout, IDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var text = file + " " + string.Join(' ', info.ArgumentList);
        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'{file}' cannot be run ({ex.Message}); .ci/run installs what the tests use.", ex);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"'{text}' did not finish within {timeout.TotalSeconds} s.\nstdout:\n{Text(stdout)}\nstderr:\n{Text(stderr)}", ex);
        }

        // Without a timeout, WaitForExit also waits for the end of both streams.
        process.WaitForExit();
        return new CommandResult(text, process.ExitCode, Text(stdout), Text(stderr));
    }

    private static void Append(StringBuilder sink, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sink)
        {
            sink.AppendLine(line);
        }
    }

    private static string Text(StringBuilder sink)
    {
        lock (sink)
        {
            return sink.ToString();
        }
    }
}
