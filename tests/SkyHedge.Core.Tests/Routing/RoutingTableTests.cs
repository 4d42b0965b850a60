using SkyHedge.Core.Routing;

namespace SkyHedge.Core.Tests.Routing;

public sealed class RoutingTableTests
{
    private const string Table = """
        [{"input":[0,256],"output":[0,128],"pool":"L4"},
         {"input":[0,2048],"output":[0,null],"pool":"A10G (PCIe)"},
         {"input":[2048,null],"pool":"H100"}]
        """;

    [Theory]
    [InlineData(0, 0, "L4")]
    [InlineData(255, 127, "L4")]
    [InlineData(256, 127, "A10G")] // hi is exclusive
    [InlineData(100, 128, "A10G")]
    [InlineData(2047, 100_000, "A10G")]
    [InlineData(2048, 0, "H100")] // an omitted dimension matches every size
    [InlineData(1_000_000, 5, "H100")]
    public void The_first_rule_whose_ranges_hold_the_size_wins(int input, int output, string pool) =>
        Assert.Equal(pool, RoutingTable.Parse(Table).Lookup(input, output));

    [Fact]
    public void Pools_are_canonical_ids_in_first_mention_order_and_the_json_round_trips()
    {
        var table = RoutingTable.Parse(Table);

        Assert.Equal(["L4", "A10G", "H100"], table.Pools);
        var again = RoutingTable.Parse(table.ToJson());
        Assert.Equal(table.Rules, again.Rules);
        Assert.Equal("""[{"input":[0,256],"output":[0,128],"pool":"L4"},{"input":[0,2048],"output":[0,null],"pool":"A10G"},{"input":[2048,null],"output":[0,null],"pool":"H100"}]""", table.ToJson());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("[]")]
    public void No_table_routes_nothing(string? json)
    {
        var table = RoutingTable.Parse(json);
        Assert.True(table.IsEmpty);
        Assert.Null(table.Lookup(10, 10));
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("{}", "expected a list")]
    [InlineData("[5]", "routing[0]: expected an object")]
    [InlineData("""[{"input":[0,5],"pool":"A10G","gpu":"x"}]""", "routing[0]: unknown key 'gpu'")]
    [InlineData("""[{"input":[0,5]}]""", "routing[0].pool: expected a GPU id")]
    [InlineData("""[{"input":[0,5],"pool":"TPUv5"}]""", "routing[0].pool: unknown GPU 'TPUv5'")]
    [InlineData("""[{"input":[0,5],"pool":"L4"},{"input":[5,5],"pool":"L4"}]""", "routing[1].input: expected [lo, hi] with 0 ≤ lo < hi")]
    [InlineData("""[{"output":[-1,5],"pool":"L4"}]""", "routing[0].output: expected [lo, hi]")]
    [InlineData("""[{"output":[1],"pool":"L4"}]""", "routing[0].output: expected [lo, hi]")]
    public void Bad_tables_are_rejected_with_where_and_what(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RoutingTable.Parse(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
