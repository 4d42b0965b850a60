using System.Globalization;
using SkyHedge.Cli.Admin;
using SkyHedge.Core.Model;

namespace SkyHedge.Cli.Local;

/// <summary>A <c>--gpu-outage GPU@START[-END]</c> of <c>local up</c>: the local cloud withdraws the GPU type
/// <see cref="Start"/> after the service is submitted (its replicas are preempted, its launches refused) and restores
/// it at <see cref="End"/>, if given.</summary>
internal sealed record GpuOutage(string Gpu, TimeSpan Start, TimeSpan? End)
{
    /// <exception cref="CliFailure">The text is malformed (exit code 2, the message says how).</exception>
    public static GpuOutage Parse(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var gpu = at > 0 ? text[..at] : string.Empty;
        var times = at > 0 ? text[(at + 1)..].Split('-') : [];
        if (!Accelerators.TryNormalize(gpu, out var name) || times.Length is < 1 or > 2 || !times.All(Seconds))
        {
            throw new CliFailure(ExitCodes.Usage, $"--gpu-outage: expected GPU@START[-END] in seconds with a known GPU ({Accelerators.KnownNamesText}), e.g. A100-80GB@120-300; got '{text}'.");
        }

        var start = TimeSpan.FromSeconds(double.Parse(times[0], CultureInfo.InvariantCulture));
        TimeSpan? end = times.Length == 2 ? TimeSpan.FromSeconds(double.Parse(times[1], CultureInfo.InvariantCulture)) : null;
        return end <= start ? throw new CliFailure(ExitCodes.Usage, $"--gpu-outage {text}: END must come after START.") : new GpuOutage(name, start, end);
    }

    /// <summary>Withdraws and restores on schedule until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(Action<string> withdraw, Action<string> restore, TextWriter log, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Start, cancellationToken).ConfigureAwait(false);
            withdraw(Gpu);
            await log.WriteLineAsync($"gpu outage: {Gpu} withdrawn from the local cloud").ConfigureAwait(false);
            if (End is { } end)
            {
                await Task.Delay(end - Start, cancellationToken).ConfigureAwait(false);
                restore(Gpu);
                await log.WriteLineAsync($"gpu outage: {Gpu} is back").ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool Seconds(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && double.IsFinite(v);
}
