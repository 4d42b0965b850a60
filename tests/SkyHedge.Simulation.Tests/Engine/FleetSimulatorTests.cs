using SkyHedge.Core.Model;
using SkyHedge.Core.Policies;
using SkyHedge.Simulation.Engine;
using SkyHedge.Simulation.Traces;

namespace SkyHedge.Simulation.Tests.Engine;

public sealed class FleetSimulatorTests
{
    private static Window MakeWindow(params int[][] capacity)
    {
        var zones = capacity.Select((c, i) => new ZoneTrace(new Location("aws", "r", $"z{i}"), "V100", 30, c, "test")).ToList();
        var infos = zones.Select(z => new ZoneInfo(z.Location, 1, 3)).ToList();
        return new Window(0, 0, capacity[0].Length, zones, infos, 30);
    }

    private static int[] Fill(int n, int value) => Enumerable.Repeat(value, n).ToArray();

    /// <summary>Asks for a fixed plan every tick and records what it observed.</summary>
    private sealed class FixedPolicy(int[] spot, int onDemand) : IFleetPolicy
    {
        public List<(int[] Alive, int[] Ready, int[] Failed, int[] Preempted, int ReadyOd)> Seen { get; } = [];

        public string Name => "fixed";

        public FleetPlan Decide(FleetObservation o)
        {
            Seen.Add(((int[])o.Alive.Clone(), (int[])o.ReadySpot.Clone(), (int[])o.FailedLaunches.Clone(), (int[])o.Preempted.Clone(), o.ReadyOnDemand));
            return new FleetPlan((int[])spot.Clone(), onDemand);
        }
    }

    [Fact]
    public void ReplicasAreReadyAfterTheColdStartWindow()
    {
        var run = new FleetSimulator(coldStartTicks: 4).Run(new FixedPolicy([2], 1), MakeWindow(Fill(10, ZoneTrace.Unlimited)), _ => 3);
        Assert.Equal([0, 0, 0, 0, 3, 3, 3, 3, 3, 3], run.Active);
        Assert.All(run.Spot, s => Assert.Equal(2, s));
        Assert.All(run.OnDemand, s => Assert.Equal(1, s));
    }

    [Fact]
    public void CapacityCapsTheYoungestAndThePolicySeesItNextTick()
    {
        // Capacity 1 at tick 0: of two launches one fails (observed at tick 1 as a failed launch).
        // Capacity drops to 0 at tick 6: the survivor is preempted (observed at tick 7).
        var cap = new[] { 1, 1, 1, 1, 1, 1, 0, 0, 0, 0 };
        var policy = new FixedPolicy([2], 0);
        var run = new FleetSimulator(4).Run(policy, MakeWindow(cap), _ => 1);
        Assert.Equal([1], policy.Seen[1].Failed);
        Assert.Equal([1], policy.Seen[1].Alive);
        Assert.Equal([1], policy.Seen[7].Preempted);
        Assert.Equal([0], policy.Seen[7].Alive);
        Assert.Equal(1, run.Active[4]);
        Assert.Equal(0, run.Active[6]);
        Assert.True(run.FailedLaunches >= 1);
        Assert.Equal(1, run.Preemptions);
    }

    [Fact]
    public void ActiveEqualsTheArtifactsMinimumOverTheColdStartWindow()
    {
        // Counts alternate through relaunches; the artifact's active count is min(plan[t-C..t]).
        var cap = new[] { 5, 5, 5, 5, 2, 5, 5, 5, 5, 5, 5, 5 };
        var run = new FleetSimulator(3).Run(new FixedPolicy([4], 0), MakeWindow(cap), _ => 3);
        for (var t = 3; t < cap.Length; t++)
        {
            var min = Enumerable.Range(t - 3, 4).Min(u => run.Spot[u]);
            Assert.Equal(min, run.Active[t]);
        }
    }

    [Fact]
    public void NoticesCountReplicasTheCloudWillTake()
    {
        var cap = new[] { 9, 9, 9, 9, 9, 9, 9, 1, 1, 1 };
        var seen = new List<int>();
        var policy = new NoticeRecorder(seen);
        new FleetSimulator(4, noticeTicks: 2).Run(policy, MakeWindow(cap), _ => 3);
        // Tick t observes the end of t-1: at the end of tick 5 the drop at 7 is 2 ticks away.
        Assert.Equal(0, seen[4]);
        Assert.Equal(2, seen[6]);
    }

    private sealed class NoticeRecorder(List<int> seen) : IFleetPolicy
    {
        public string Name => "notice";

        public FleetPlan Decide(FleetObservation o)
        {
            seen.Add(o.Noticed[0]);
            return new FleetPlan([3], 0);
        }
    }

    [Fact]
    public void InvalidPlansAreRejected()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            new FleetSimulator(4).Run(new FixedPolicy([1, 1], 0), MakeWindow(Fill(5, 1)), _ => 1));
        Assert.Contains("invalid plan", e.Message, StringComparison.Ordinal);
    }
}
