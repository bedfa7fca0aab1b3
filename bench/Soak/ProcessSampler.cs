using System.Diagnostics;

namespace UnixDatagram.Bench.Soak;

/// <summary>Samples this process's threads and peak RSS (VmHWM in /proc/self/status) every 100 ms.</summary>
internal sealed class ProcessSampler
{
    public int PeakThreads { get; private set; }

    public long PeakRssKiB { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Sample();
            try
            {
                await Task.Delay(100, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        Sample();
    }

    private void Sample()
    {
        using var self = Process.GetCurrentProcess();
        PeakThreads = Math.Max(PeakThreads, self.Threads.Count);
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                PeakRssKiB = long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
