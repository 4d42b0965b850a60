using ScottPlot;
using SkyHedge.Simulation.Runs;

namespace SkyHedge.Cli.Output;

/// <summary>The <c>--plot</c> figure for the first workload: cost (vs on-demand) against availability per policy,
/// over everything and zoomed on the high-availability corner where the spot policies compete, and latency
/// percentiles per policy.</summary>
internal static class ResultPlot
{
    public static void Write(SimulationReport report, string file)
    {
        var workload = report.Results[0].Workload;
        var rows = report.Results.Where(r => r.Workload == workload).ToList();
        var multi = new Multiplot();
        multi.AddPlots(3);
        multi.Layout = new ScottPlot.MultiplotLayouts.Columns();

        CostScatter(multi.GetPlot(0), rows, _ => true, $"Cost vs availability ({report.Settings.Repeats} windows)", perRepeat: true);
        var zoom = multi.GetPlot(1);
        var good = rows.Where(r => r.Availability >= 0.95).ToList();
        CostScatter(zoom, rows, r => r.Availability >= 0.95, "Zoom: availability ≥ 0.95 (means)", perRepeat: false);
        if (good.Count > 0)
        {
            var lo = Math.Min(good.Min(r => r.Availability), 0.995);
            zoom.Axes.SetLimitsX(lo - 0.001, 1.0005);
        }

        LatencyBars(multi.GetPlot(2), rows, workload);

        OutputFile.EnsureFolder(file);

        multi.SavePng(file, 1800, 600);
    }

    // Colours follow the policy's position in the full list, so both scatter panels agree.
    private static void CostScatter(Plot plot, List<PolicyResult> rows, Func<PolicyResult, bool> show, string title, bool perRepeat)
    {
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (!show(r))
            {
                continue;
            }

            if (perRepeat)
            {
                var points = r.PerRepeat.Select(p => new Coordinates(p.Availability, p.Cost / p.OnDemandCost)).ToArray();
                var sp = plot.Add.ScatterPoints(points);
                sp.Color = palette.GetColor(i).WithAlpha(0.35);
            }

            var mean = plot.Add.Marker(r.Availability, r.CostVsOndemand);
            mean.Color = palette.GetColor(i);
            mean.Size = 12;
            mean.LegendText = r.Policy;
        }

        plot.Title(title);
        plot.XLabel("availability");
        plot.YLabel("cost / on-demand cost");
        plot.ShowLegend(Alignment.UpperLeft);
    }

    private static void LatencyBars(Plot plot, List<PolicyResult> rows, string workload)
    {
        var palette = new ScottPlot.Palettes.Category10();
        string[] names = ["p50", "p90", "p99"];
        var ticks = new List<Tick>();
        for (var i = 0; i < rows.Count; i++)
        {
            var l = rows[i].LatencyS;
            double[] values = [l.P50, l.P90, l.P99];
            for (var k = 0; k < values.Length; k++)
            {
                var bar = plot.Add.Bar(position: (i * 4) + k, value: double.IsNaN(values[k]) ? 0 : values[k]);
                bar.Color = palette.GetColor(k);
                if (i == 0)
                {
                    bar.LegendText = names[k];
                }
            }

            ticks.Add(new Tick((i * 4) + 1, rows[i].Policy));
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 90;
        plot.Axes.Margins(bottom: 0);
        plot.Title($"Latency (s), {workload}");
        plot.YLabel("seconds");
        plot.ShowLegend(Alignment.UpperRight);
    }
}
