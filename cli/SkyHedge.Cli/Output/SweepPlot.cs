using ScottPlot;
using SkyHedge.Simulation.Runs;

namespace SkyHedge.Cli.Output;

/// <summary>The <c>--sweep --plot</c> figure: per trace set, mean cost (vs on-demand) against mean availability for
/// the policies that keep the service up (≥ 0.95), and the cold-start sensitivity of the two hedging policies.</summary>
internal static class SweepPlot
{
    public static void Write(SweepReport report, string file)
    {
        var multi = new Multiplot();
        var panels = report.Sets.Count + (report.Sensitivity.Count > 0 ? 1 : 0);
        multi.AddPlots(panels);
        var columns = Math.Min(3, panels);
        var rows = (panels + columns - 1) / columns;
        multi.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        var palette = new ScottPlot.Palettes.Category10();
        var names = report.Sets.SelectMany(s => s.Policies.Select(p => p.Policy)).Distinct().ToList();
        for (var i = 0; i < report.Sets.Count; i++)
        {
            var set = report.Sets[i];
            var plot = multi.GetPlot(i);
            foreach (var p in set.Policies.Where(p => p.Availability >= 0.95))
            {
                var mark = plot.Add.Marker(p.Availability, p.CostVsOndemand);
                mark.Color = palette.GetColor(names.IndexOf(p.Policy));
                mark.Size = 12;
                mark.LegendText = p.Policy;
            }

            plot.Title($"{set.Set} ({set.Windows} windows)");
            plot.XLabel("mean availability");
            plot.YLabel("mean cost / on-demand");
            plot.ShowLegend(Alignment.UpperLeft);
        }

        if (report.Sensitivity.Count > 0)
        {
            var plot = multi.GetPlot(panels - 1);
            var cold = report.Sensitivity.Where(r => r.Knob == "cold_start_s").GroupBy(r => r.Policy).ToList();
            foreach (var g in cold)
            {
                var line = plot.Add.ScatterLine(g.Select(r => r.Value).ToArray(), g.Select(r => r.CostVsOndemand).ToArray());
                line.Color = palette.GetColor(names.IndexOf(g.Key) is var k and >= 0 ? k : 0);
                line.LegendText = g.Key;
                line.MarkerSize = 8;
            }

            plot.Title($"Cold-start sensitivity, {report.Sets[0].Set}");
            plot.XLabel("cold start (s)");
            plot.YLabel("mean cost / on-demand");
            plot.ShowLegend(Alignment.UpperLeft);
        }

        OutputFile.EnsureFolder(file);

        multi.SavePng(file, 560 * columns, 480 * rows);
    }
}
