using SkyHedge.Simulation.Runs;

namespace SkyHedge.Simulation.Tests.Runs;

/// <summary>
/// The robustness sweep (<c>simulate --sweep</c>) over every public trace set, back-to-back 24 h windows at seed 0:
/// skyhedge's mean cost is below spothedge's on every set and tick reading, with mean availability at least
/// spothedge's − 0.0005 and the worst window at least spothedge's − 0.002 (the acceptance rule).
/// </summary>
public sealed class SweepTests
{
    private static readonly Lazy<SweepReport> Report = new(() => SweepRunner.Run(
        SweepSet.Public(SharedData.Path("spot")),
        new SimulationSettings { SpotTraces = ["-"], Policies = ["spothedge", "skyhedge", "optimal"] },
        sensitivity: true));

    [Fact]
    public void Every_public_set_and_tick_reading_is_swept_on_back_to_back_windows()
    {
        Assert.Equal(["aws-2month@300s", "aws-2month@195s", "gcp-6zone", "aws-4node", "aws+gcp-15zone"], Report.Value.Sets.Select(s => s.Set));

        // 839.9 h at 300 s per tick fit 34 whole days; 546 h at 195 s fit 22; the GCP set (32 h) and the 15 zones
        // (limited by GCP) fit one; the 4-node fixture (11 days) fits 10.
        Assert.Equal([34, 22, 1, 10, 1], Report.Value.Sets.Select(s => s.Windows));
    }

    [Fact]
    public void Skyhedge_costs_less_than_spothedge_on_every_set_within_the_availability_margins()
    {
        foreach (var set in Report.Value.Sets)
        {
            var sky = set.Find("skyhedge")!;
            var sh = set.Find("spothedge")!;
            Assert.True(sky.CostVsOndemand < sh.CostVsOndemand, $"{set.Set}: skyhedge {sky.CostVsOndemand:0.0000}, spothedge {sh.CostVsOndemand:0.0000}");
            Assert.True(sky.Availability >= sh.Availability - 0.0005, $"{set.Set}: mean availability {sky.Availability:0.0000} vs {sh.Availability:0.0000}");
            Assert.True(sky.WorstAvailability >= sh.WorstAvailability - 0.002, $"{set.Set}: worst window {sky.WorstAvailability:0.0000} vs {sh.WorstAvailability:0.0000}");
            Assert.True(set.SkyhedgeHolds);
            Assert.InRange(set.Dominated, 0, set.Windows);

            var optimal = set.Find("optimal")!;
            Assert.True(optimal.CostVsOndemand <= sky.CostVsOndemand && optimal.WorstAvailability == 1);
        }
    }

    [Fact]
    public void Sensitivity_covers_cold_start_overprovision_and_notices_and_moves_the_way_it_must()
    {
        var rows = Report.Value.Sensitivity;
        Assert.Equal(2 * (4 + 4 + 3), rows.Count);
        foreach (var policy in new[] { "spothedge", "skyhedge" })
        {
            var cold = rows.Where(r => r.Policy == policy && r.Knob == "cold_start_s").OrderBy(r => r.Value).ToList();
            Assert.Equal([60.0, 120, 240, 480], cold.Select(r => r.Value));
            Assert.True(cold[0].Availability > cold[^1].Availability, $"{policy}: a longer cold start must cost availability");

            var extras = rows.Where(r => r.Policy == policy && r.Knob == "overprovision").OrderBy(r => r.Value).ToList();
            Assert.True(extras[0].CostVsOndemand < extras[^1].CostVsOndemand, $"{policy}: more extras must cost more");
            Assert.True(extras[0].Availability < extras[^1].Availability, $"{policy}: more extras must buy availability");
        }

        // Notices: spothedge ignores them, as in the paper; skyhedge replaces at the notice and gains availability.
        double Notice(string policy, double seconds) => rows.Single(r => r.Policy == policy && r.Knob == "notice_s" && r.Value == seconds).Availability;
        Assert.Equal(Notice("spothedge", 0), Notice("spothedge", 120));
        Assert.True(Notice("skyhedge", 120) > Notice("skyhedge", 30) && Notice("skyhedge", 30) >= Notice("skyhedge", 0));
    }

    [Fact]
    public void Windows_are_back_to_back_from_the_start_and_a_short_trace_is_refused()
    {
        var traces = TraceSet.Load([SharedData.Gcp6Zone], null);
        var settings = new SimulationSettings { SpotTraces = ["-"], Policies = ["spothedge"], Hours = 8 };
        Assert.Equal([0L, 960, 1920, 2880], SweepRunner.BackToBack(traces, settings)); // 32 h: four 8 h windows of 960 ticks

        var error = Assert.Throws<ArgumentException>(() => SweepRunner.BackToBack(traces, settings with { Hours = 48 }));
        Assert.Contains("shorter than one 48 h window", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SweepRunner.Run([], settings, sensitivity: false));
    }
}
