using System.Diagnostics;

namespace SkyHedge.Bench;

/// <summary>A plain Stopwatch harness: untimed warm-up runs (JIT, tiering, file cache), then timed runs, each
/// after a full GC so one run's garbage is not collected on the next one's clock.</summary>
internal static class Harness
{
    /// <summary>Repeats <paramref name="work"/> for at least <paramref name="minimum"/> wall time. Tiered JIT only
    /// promotes a method to optimised (PGO) code after many calls and a background compile, which on a busy
    /// 2-core machine took over a second of runs: shorter warm-ups left the first scenario measured ~2x slow.</summary>
    public static void WarmUp(Action work, TimeSpan minimum)
    {
        var clock = Stopwatch.StartNew();
        do
        {
            work();
        }
        while (clock.Elapsed < minimum);
    }

    public static Timed<T> Measure<T>(Func<T> work, int warmups, int runs)
    {
        for (var i = 0; i < warmups; i++)
        {
            _ = work();
        }

        var seconds = new List<double>(runs);
        T last = default!;
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var clock = Stopwatch.StartNew();
            last = work();
            seconds.Add(clock.Elapsed.TotalSeconds);
        }

        return new Timed<T>(seconds, last);
    }
}
