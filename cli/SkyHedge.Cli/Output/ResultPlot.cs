using ScottPlot;
using SkyHedge.Simulation.Runs;

namespace SkyHedge.Cli.Output;

/// <summary>The <c>--plot</c> figure: cost (vs on-demand) against availability per policy, and latency
/// percentiles per policy, for the first workload.</summary>
internal static class ResultPlot
{
    public static void Write(SimulationReport report, string file)
    {
        var workload = report.Results[0].Workload;
        var rows = report.Results.Where(r => r.Workload == workload).ToList();
        var multi = new Multiplot();
        multi.AddPlots(2);
        multi.Layout = new ScottPlot.MultiplotLayouts.Columns();

        var scatter = multi.GetPlot(0);
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var points = r.PerRepeat.Select(p => new Coordinates(p.Availability, p.Cost / p.OnDemandCost)).ToArray();
            var sp = scatter.Add.ScatterPoints(points);
            sp.Color = palette.GetColor(i).WithAlpha(0.35);
            var mean = scatter.Add.Marker(r.Availability, r.CostVsOndemand);
            mean.Color = palette.GetColor(i);
            mean.Size = 12;
            mean.LegendText = r.Policy;
        }

        scatter.Title($"Cost vs availability ({report.Settings.Repeats} windows)");
        scatter.XLabel("availability");
        scatter.YLabel("cost / on-demand cost");
        scatter.ShowLegend(Alignment.UpperLeft);

        var bars = multi.GetPlot(1);
        var ticks = new List<Tick>();
        for (var i = 0; i < rows.Count; i++)
        {
            var l = rows[i].LatencyS;
            double[] values = [l.P50, l.P90, l.P99];
            for (var k = 0; k < values.Length; k++)
            {
                var bar = bars.Add.Bar(position: (i * 4) + k, value: double.IsNaN(values[k]) ? 0 : values[k]);
                bar.Color = new ScottPlot.Palettes.Category10().GetColor(k);
            }

            ticks.Add(new Tick((i * 4) + 1, rows[i].Policy));
        }

        bars.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        bars.Title($"Latency p50 / p90 / p99 (s), {workload}");
        bars.YLabel("seconds");
        bars.Axes.Margins(bottom: 0);

        var dir = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        multi.SavePng(file, 1400, 600);
    }
}
