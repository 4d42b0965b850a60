using CsCheck;
using SkyHedge.Core.Model;

namespace SkyHedge.Core.Tests.Model;

public sealed class AcceleratorsTests
{
    [Theory]
    [InlineData("A10G (PCIe)", "A10G")]
    [InlineData("A10", "A10G")]
    [InlineData("A100-40GB", "A100")]
    [InlineData("A100-40G", "A100")]
    [InlineData("A100-80G", "A100-80GB")]
    [InlineData("A100-80G (SXM)", "A100-80GB")]
    [InlineData("H100 (SXM)", "H100")]
    [InlineData("H100-80GB", "H100")]
    [InlineData("V100-16GB", "V100")]
    public void Every_alias_maps_to_its_canonical_id(string alias, string expected)
    {
        Assert.True(Accelerators.TryNormalize(alias, out var canonical));
        Assert.Equal(expected, canonical);
        Assert.Equal(expected, Accelerators.Normalize(alias.ToLowerInvariant()));
        Assert.Equal(expected, Accelerators.Normalize($"  {alias.ToUpperInvariant()} "));
    }

    [Fact]
    public void Alias_table_is_covered_by_the_theory_and_points_only_at_canonical_ids()
    {
        Assert.Equal(9, Accelerators.Aliases.Count);
        Assert.All(Accelerators.Aliases.Values, v => Assert.Contains(v, Accelerators.Canonical));
        Assert.DoesNotContain(Accelerators.Aliases.Keys, k => Accelerators.Canonical.Contains(k, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Canonical_ids_are_the_catalog_names_plus_V100_32GB()
    {
        Assert.Equal(["T4", "L4", "A10G", "V100", "V100-32GB", "A100", "A100-80GB", "H100"], Accelerators.Canonical);
        Assert.Equal("V100-32GB", Accelerators.Normalize("v100-32gb"));
    }

    [Fact]
    public void Any_casing_of_a_canonical_id_normalises_to_it() =>
        Gen.Select(Gen.Int[0, Accelerators.Canonical.Count - 1], Gen.Bool.Array[12])
            .Sample((index, upper) =>
            {
                var id = Accelerators.Canonical[index];
                var mixed = new string(id.Select((ch, i) => upper[i % upper.Length] ? char.ToUpperInvariant(ch) : char.ToLowerInvariant(ch)).ToArray());
                return Accelerators.Normalize(mixed) == id;
            });

    [Theory]
    [InlineData("K80")]
    [InlineData("L40S")]
    [InlineData("")]
    [InlineData("A100-80")]
    public void Unknown_names_are_rejected_with_the_known_names(string name)
    {
        Assert.False(Accelerators.TryNormalize(name, out _));
        var ex = Assert.Throws<ArgumentException>(() => Accelerators.Normalize(name));
        Assert.Contains($"Unknown accelerator '{name}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("T4, L4, A10G, V100, V100-32GB, A100, A100-80GB, H100", ex.Message, StringComparison.Ordinal);
        Assert.Contains("A10G (PCIe)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("V100:1", "V100", 1)]
    [InlineData("A100:8", "A100", 8)]
    [InlineData("A100: 8", "A100", 8)]
    [InlineData("{A100: 8}", "A100", 8)]
    [InlineData("{A100:8}", "A100", 8)]
    [InlineData("H100", "H100", 1)]
    [InlineData("a10:2", "A10G", 2)]
    [InlineData("A100-80G (SXM):4", "A100-80GB", 4)]
    public void Name_count_requests_parse(string text, string name, int count)
    {
        Assert.True(Accelerators.TryParseRequest(text, out var request, out var error), error);
        Assert.Equal(new AcceleratorRequest(name, count), request);
        Assert.Equal($"{name}:{count}", request.ToString());
    }

    [Fact]
    public void A_flow_mapping_with_several_entries_is_a_set_of_alternatives()
    {
        Assert.True(Accelerators.TryParseRequests("{A100:1, H100:1}", out var requests, out _));
        Assert.Equal([new AcceleratorRequest("A100", 1), new AcceleratorRequest("H100", 1)], requests);
        Assert.False(Accelerators.TryParseRequest("{A100:1, H100:1}", out _, out var error));
        Assert.Contains("expected one accelerator", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("T4:0.5", "expected a whole accelerator count >= 1 after 'T4:', got '0.5'")]
    [InlineData("T4:0", "got '0'")]
    [InlineData("T4:-1", "got '-1'")]
    [InlineData("T4:", "got ''")]
    [InlineData(":2", "expected NAME or NAME:COUNT")]
    [InlineData("TPU-v4:8", "unknown accelerator 'TPU-v4'; known: T4")]
    [InlineData("{A100:1, a100:2}", "got 'A100' twice")]
    public void Bad_requests_say_what_was_expected(string text, string message)
    {
        Assert.False(Accelerators.TryParseRequest(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Accelerators.ParseRequest(text));
    }

    [Fact]
    public void Count_round_trips() =>
        Gen.Int[1, 10_000].Sample(n => Accelerators.ParseRequest($"L4:{n}") == new AcceleratorRequest("L4", n));
}
