using SkyHedge.Core.Routing;

namespace SkyHedge.Planning.Tests;

public sealed class DemandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("skyhedge-planning-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Requests_are_binned_with_shares_and_mean_sizes_and_over_long_ones_are_counted_out()
    {
        (int, int)[] sizes = [(10, 5), (20, 5), (30, 10), (41, 20), (1000, 100), (4000, 200)];

        var demand = Demand.From(sizes, maxContextTokens: 4096);

        Assert.Equal(6, demand.Requests);
        Assert.Equal(1, demand.TooLong);
        var small = Assert.Single(demand.Buckets, b => b.InputRange == new TokenRange(0, 64) && b.OutputRange == new TokenRange(0, 32));
        Assert.Equal(0.8, small.Share, 9);
        Assert.Equal((26, 10), (small.Input, small.Output)); // means 25.25 and 10, rounded up
        var large = Assert.Single(demand.Buckets, b => b.InputRange == new TokenRange(512, 1024));
        Assert.Equal(new TokenRange(64, 128), large.OutputRange);
        Assert.Equal(1.0, demand.Buckets.Sum(b => b.Share), 9);
        Assert.Equal(10.0, demand.At(10).Sum(b => b.Rate), 9);
        Assert.Throws<ArgumentException>(() => Demand.From([(5000, 10)], 4096));
    }

    [Theory]
    [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\r\n2023-11-16 18:15:46.680,374,44\r\n2023-11-16 18:15:50.000,12,0\r\n")]
    [InlineData("num_prefill_tokens,num_decode_tokens,num_total_tokens,pd_ratio\n374,44,418,8.5\n12,0,12,0\n")]
    public void Both_request_file_layouts_are_read(string text)
    {
        var path = Path.Combine(_folder, "r.csv");
        File.WriteAllText(path, text);

        Assert.Equal([(374, 44), (12, 1)], RequestSizes.Load(path));
    }

    [Theory]
    [InlineData("a,b\n1,2\n", "expected a header")]
    [InlineData("ContextTokens,GeneratedTokens\n1,x\n", ":2:")]
    [InlineData("ContextTokens,GeneratedTokens\n", "no requests")]
    public void A_bad_request_file_is_a_clear_error(string text, string reason)
    {
        var path = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(path, text);

        var error = Assert.Throws<InvalidDataException>(() => RequestSizes.Load(path));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
