using SkyHedge.Control.Controller;
using SkyHedge.Core.Model;
using SkyHedge.Core.Routing;
using SkyHedge.Core.Spec;

namespace SkyHedge.Control.Tests.Controller;

/// <summary>The mixed-GPU decision on hand-made observations: which types the plan buys for the sizes the router
/// counted, the routing table it writes, and the caps after refused launches.</summary>
public sealed class MixDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Cooldown = TimeSpan.FromMinutes(5);
    private static readonly int Small = SizeGrid.Cell(40, 20);
    private static readonly int Large = SizeGrid.Cell(1500, 300);

    [Fact]
    public void Small_and_large_requests_get_their_own_gpu_types_and_the_routing_table_says_so()
    {
        var obs = Observation(rate: 6, sizes: new() { [Small] = 50, [Large] = 50 });

        var result = MixDecider.Decide(obs, null, Now, Cooldown);

        Assert.True(result.Counts.All(c => c > 0), $"both types bought: {result.Summary}");
        var table = RoutingTable.Parse(result.Routing);
        Assert.Equal("A10G", table.Lookup(40, 20));
        Assert.Equal("A100-80GB", table.Lookup(1500, 300));
        Assert.Empty(result.Caps);
        Assert.Contains("requests/s at TPOT ≤ 120 ms", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void With_no_traffic_the_floor_is_kept_on_the_cheapest_type()
    {
        var result = MixDecider.Decide(Observation(rate: 0, sizes: []), null, Now, Cooldown);

        Assert.Equal([2, 0], result.Counts); // min_replicas 2, both A10G ($1.01) rather than A100-80GB ($3.67)
    }

    [Fact]
    public void A_type_whose_launches_were_refused_is_capped_and_offered_again_after_the_cooldown()
    {
        var refused = Observation(rate: 6, sizes: new() { [Large] = 100 }, failed: new() { ["A100-80GB"] = 1 });

        var capped = MixDecider.Decide(refused, null, Now, Cooldown);

        Assert.Equal(0, capped.Counts[1]);
        Assert.True(capped.Counts[0] > 0, capped.Summary);
        Assert.Equal(new MixCap(0, Now + Cooldown), capped.Caps["A100-80GB"]);
        Assert.Equal("A10G", RoutingTable.Parse(capped.Routing).Lookup(1500, 300));
        Assert.Contains("capped: A100-80GB ≤ 0", capped.Summary, StringComparison.Ordinal);

        var calm = Observation(rate: 6, sizes: new() { [Large] = 100 });
        Assert.Equal(0, MixDecider.Decide(calm, capped.Caps, Now + TimeSpan.FromMinutes(4), Cooldown).Counts[1]);
        var later = MixDecider.Decide(calm, capped.Caps, Now + Cooldown, Cooldown);
        Assert.True(later.Counts[1] > 0, later.Summary);
        Assert.Empty(later.Caps);
    }

    [Fact]
    public void A_plan_beyond_max_replicas_is_cut_to_it()
    {
        var result = MixDecider.Decide(Observation(rate: 200, sizes: new() { [Large] = 1 }), null, Now, Cooldown);

        Assert.Equal(8, result.Counts.Sum());
        Assert.Contains("cut to max_replicas 8", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void An_observation_without_groups_is_refused() =>
        Assert.Throws<ArgumentException>(() => MixDecider.Decide(Observation(1, []) with { Groups = null }, null, Now, Cooldown));

    private static ServiceObservation Observation(double rate, Dictionary<int, long> sizes, Dictionary<string, int>? failed = null)
    {
        var zone = new Location(Core.Model.Clouds.Local, "local-region-1", "local-zone-a");
        ZoneOffer Offer(string gpu, decimal price) => new($"{zone}#{gpu}", new Offering("local-emulator", gpu, 1, zone, Market.Spot, price));
        var zones = new List<ZoneOffer> { Offer("A100-80GB", 1.5m), Offer("A10G", 0.45m) }.OrderBy(z => z.Key, StringComparer.Ordinal).ToList();
        GpuGroup Group(string gpu, decimal onDemand) => new(
            gpu,
            [.. zones.Select((z, i) => (z, i)).Where(p => p.z.Offering.Accelerator == gpu).Select(p => p.i)],
            new Offering("local-emulator", gpu, 1, zone, Market.OnDemand, onDemand));
        return new ServiceObservation(
            true,
            false,
            1,
            2,
            new ReplicaPolicySpec { MinReplicas = 2, MaxReplicas = 8 },
            false,
            zones,
            null,
            [],
            [],
            Now,
            Groups: [Group("A10G", 1.01m), Group("A100-80GB", 3.67m)],
            Mix: new MixInput(120, null, 8, rate, sizes, failed ?? []));
    }
}
