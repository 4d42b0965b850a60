using CsCheck;
using SkyHedge.Simulation.Optimal;

namespace SkyHedge.Simulation.Tests.Optimal;

/// <summary>Random small instances: capacities 0..3 or unlimited, either per tick or in runs like real traces.</summary>
internal static class InstanceGen
{
    private static readonly Gen<int> Level = Gen.Int[0, 4].Select(v => v == 4 ? int.MaxValue : v);

    private static readonly Gen<double> Ratio = Gen.OneOfConst(0.5, 1.0, 2.0, 3.0, 3.7);

    public static Gen<OptimalInput> Instances(int maxZones, int minTicks, int maxTicks, int maxColdStart, int maxTarget, int maxOver) =>
        from zones in Gen.Int[1, maxZones]
        from ticks in Gen.Int[minTicks, maxTicks]
        from coldStart in Gen.Int[0, maxColdStart]
        from target in Gen.Int[1, maxTarget]
        from over in Gen.Int[0, maxOver]
        from ratio in Ratio
        from capacity in Row(ticks).Array[zones]
        select new OptimalInput(capacity, target, over, coldStart, ratio);

    /// <summary>The same instances with a price per zone (spot between 0.5 and 2.5, as zones differ in dollars).</summary>
    public static Gen<OptimalInput> Priced(int maxZones, int minTicks, int maxTicks, int maxColdStart, int maxTarget, int maxOver) =>
        from input in Instances(maxZones, minTicks, maxTicks, maxColdStart, maxTarget, maxOver)
        from prices in Gen.OneOfConst(0.5, 0.8, 1.0, 1.7, 2.5).Array[input.Capacity.Length]
        select input with { SpotPrices = prices };

    private static Gen<int[]> Row(int ticks) =>
        Gen.OneOf(
            Level.Array[ticks],
            Gen.Select(Level, Gen.Int[1, 12]).Array[1, 8].Select(runs => Runs(runs, ticks)));

    private static int[] Runs((int Level, int Length)[] runs, int ticks)
    {
        var row = new int[ticks];
        var t = 0;
        for (var i = 0; t < ticks; i = (i + 1) % runs.Length)
        {
            for (var k = 0; k < runs[i].Length && t < ticks; k++)
            {
                row[t++] = runs[i].Level;
            }
        }

        return row;
    }
}
