using SkyHedge.Core.Catalog;
using SkyHedge.Core.Model;

namespace SkyHedge.Core.Tests.Catalog;

public sealed class PriceCatalogTests
{
    private const string Header = "cloud,region,zone,instance_type,accelerator,accelerator_count,ondemand_usd_per_hour,spot_usd_per_hour";

    private static PriceCatalog Catalog => PriceCatalog.Default;

    [Fact]
    public void Default_table_loads_with_all_three_clouds_and_only_canonical_gpus()
    {
        Assert.NotEmpty(Catalog.Offerings);
        Assert.Equal(["aws", "azure", "gcp"], Catalog.Offerings.Select(o => o.Location.Cloud).Distinct().Order(StringComparer.Ordinal));
        Assert.All(Catalog.Offerings, o => Assert.Contains(o.Accelerator, Accelerators.Canonical));
        Assert.All(Catalog.Offerings, o => Assert.True(o.AcceleratorCount >= 1 && o.HourlyPrice > 0, o.ToString()));
    }

    [Fact]
    public void Gcp_rows_combine_host_and_accelerator_prices()
    {
        // ../shared/data/catalog/gcp-gpu-vms.csv, us-central1-a:
        //   host  a2-highgpu-1g  Price 0.73948  SpotPrice 0.36975
        //   GPU   A100 x1        Price 2.93391  SpotPrice 1.4341
        // => on-demand 0.73948 + 2.93391 = 3.67339; spot 0.36975 + 1.4341 = 1.80385.
        var zone = new Location("gcp", "us-central1", "us-central1-a");
        var onDemand = Catalog.FindOffering(zone, "a2-highgpu-1g", Market.OnDemand);
        var spot = Catalog.FindOffering(zone, "a2-highgpu-1g", Market.Spot);
        Assert.NotNull(onDemand);
        Assert.NotNull(spot);
        Assert.Equal(3.67339m, onDemand.HourlyPrice);
        Assert.Equal(1.80385m, spot.HourlyPrice);
        Assert.Equal(("A100", 1), (onDemand.Accelerator, onDemand.AcceleratorCount));

        // a3-highgpu-1g, us-central1-a: host 1.18251 / 0.36117 + H100 x8 33.60609 / 23.9408 divided by 8
        // => on-demand 1.18251 + 4.20076125 = 5.38327125; spot 0.36117 + 2.9926 = 3.35377.
        Assert.Equal(5.38327125m, Catalog.FindOffering(zone, "a3-highgpu-1g", Market.OnDemand)!.HourlyPrice);
        Assert.Equal(3.35377m, Catalog.FindOffering(zone, "a3-highgpu-1g", Market.Spot)!.HourlyPrice);
    }

    [Fact]
    public void No_host_only_or_gpu_only_gcp_rows_leak_through()
    {
        var gcp = Catalog.Offerings.Where(o => o.Location.Cloud == "gcp").ToList();
        Assert.NotEmpty(gcp);
        Assert.All(gcp, o => Assert.Matches("^a[23]-", o.InstanceType));
    }

    [Fact]
    public void Spot_never_costs_more_than_on_demand_and_the_equal_rows_are_the_documented_ones()
    {
        var pairs = Catalog.Offerings.Where(o => o.Market == Market.Spot)
            .Select(s => (Spot: s, OnDemand: Catalog.FindOffering(s.Location, s.InstanceType, Market.OnDemand)!))
            .ToList();
        Assert.All(pairs, p => Assert.True(p.Spot.HourlyPrice <= p.OnDemand.HourlyPrice, p.Spot.ToString()));

        // Data/README.md "Known oddities": Azure H100 (no spot discount recorded) and three AWS p5 rows.
        var equal = pairs.Where(p => p.Spot.HourlyPrice == p.OnDemand.HourlyPrice).Select(p => p.Spot).ToList();
        Assert.All(equal, o => Assert.True(o.Accelerator == "H100" && (o.Location.Cloud == "azure" || o.InstanceType.StartsWith("p5.", StringComparison.Ordinal)), o.ToString()));
        Assert.Equal(3, equal.Count(o => o.Location.Cloud == "aws"));
    }

    [Fact]
    public void Aws_zones_are_az_ids_and_azure_zones_are_empty()
    {
        Assert.All(Catalog.Offerings.Where(o => o.Location.Cloud == "aws"), o => Assert.Matches("^[a-z]+[0-9]-az[0-9]$", o.Location.Zone));
        Assert.All(Catalog.Offerings.Where(o => o.Location.Cloud == "azure"), o => Assert.Equal(string.Empty, o.Location.Zone));
    }

    [Fact]
    public void Azure_A10_is_listed_as_A10G() =>
        Assert.Contains(Catalog.Find("azure", "A10G", Market.OnDemand), o => o.InstanceType == "Standard_NV36ads_A10_v5");

    [Fact]
    public void Cheapest_spot_by_region_is_the_fallback_for_trace_zone_names()
    {
        // p3.2xlarge spot in us-east-1: use1-az1 0.3707, use1-az2 0.4281, use1-az5 0.4041, use1-az6 0.3841 (az3/az4 none).
        var region = Clouds.RegionOfZone("aws", "us-east-1a")!;
        Assert.Equal(0.3707m, Catalog.CheapestSpotPrice("aws", region, "V100"));
        Assert.Equal(3.06m, Catalog.CheapestPrice("aws", region, "v100", Market.OnDemand));
        Assert.Null(Catalog.CheapestSpotPrice("aws", "us-east-1", "V100", acceleratorCount: 2));
        Assert.Null(Catalog.CheapestSpotPrice("aws", "mars-north-1", "V100"));
        Assert.Throws<ArgumentException>(() => Catalog.CheapestSpotPrice("aws", region, "K80"));
    }

    [Fact]
    public void Find_orders_by_price_and_filters()
    {
        var t4 = Catalog.Find(null, "T4", Market.Spot);
        Assert.Equal(t4.OrderBy(o => o.HourlyPrice), t4);
        Assert.All(t4, o => Assert.Equal(Market.Spot, o.Market));
        Assert.Equal(t4[0], Catalog.Cheapest(null, "t4", Market.Spot));
        Assert.All(Catalog.Find("AWS", "A10G (PCIe)", Market.OnDemand, acceleratorCount: 1, region: "us-east-1"), o =>
            Assert.Equal(("aws", "us-east-1", "g5.xlarge"), (o.Location.Cloud, o.Location.Region, o.InstanceType)));
    }

    [Fact]
    public void Rows_without_a_spot_price_have_only_an_on_demand_offering()
    {
        var zone = new Location("aws", "us-east-1", "use1-az3");
        Assert.NotNull(Catalog.FindOffering(zone, "p3.2xlarge", Market.OnDemand));
        Assert.Null(Catalog.FindOffering(zone, "p3.2xlarge", Market.Spot));
    }

    [Theory]
    [InlineData("aws,us-east-1,use1-az1,g5.xlarge,A10G,1,abc,0.4", "column 'ondemand_usd_per_hour': expected a non-negative decimal USD/h (e.g. 0.526), got 'abc'")]
    [InlineData("aws,us-east-1,use1-az1,g5.xlarge,A10G,1,1.0", "expected 8 columns")]
    [InlineData("aws,us-east-1,use1-az1,g5.xlarge,K80,1,1.0,0.4", "column 'accelerator': unknown accelerator 'K80'; known: T4")]
    [InlineData("aws,us-east-1,use1-az1,g5.xlarge,A10G,0.5,1.0,0.4", "column 'accelerator_count': expected a whole number >= 1, got '0.5'")]
    [InlineData("ibm,us-east,,gx2,A100,1,1.0,0.4", "column 'cloud': expected one of aws, gcp, azure, got 'ibm'")]
    [InlineData("aws,,use1-az1,g5.xlarge,A10G,1,1.0,0.4", "column 'region': expected a value")]
    [InlineData("aws,us-east-1,use1-az1,g5.xlarge,A10G,1,,0.4", "column 'ondemand_usd_per_hour': expected a price")]
    [InlineData("aws,us-east-1,use1-az1,g5.xlarge,A10G,1,-1,0.4", "got '-1'")]
    [InlineData("aws,us-east-1,use1-az2,g5.xlarge,A10G,1,1.0,0.4", "duplicate row for aws/us-east-1/use1-az2 g5.xlarge (first on line 3)")]
    public void A_bad_row_is_reported_with_its_line_number(string badRow, string message)
    {
        // Line 1 header, line 2 a comment, line 3 a good row, line 4 blank, line 5 the bad row.
        var csv = $"{Header}\n# comment\naws,us-east-1,use1-az2,g5.xlarge,A10G,1,1.006,0.4246\n\n{badRow}\n";
        var ex = Assert.Throws<PriceCatalogException>(() => PriceCatalog.Load(new StringReader(csv), "my.csv"));
        Assert.Equal(5, ex.Line);
        Assert.Equal("my.csv", ex.SourceName);
        Assert.StartsWith("my.csv:5: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_header_is_line_1()
    {
        var ex = Assert.Throws<PriceCatalogException>(() => PriceCatalog.Load(new StringReader("InstanceType,Price\n"), "x.csv"));
        Assert.Equal(1, ex.Line);
        Assert.Contains("expected the header 'cloud,region,zone,", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Throws<PriceCatalogException>(() => PriceCatalog.Load(new StringReader(string.Empty))).Line);
    }

    [Fact]
    public void Loads_crlf_text_and_aliases()
    {
        var catalog = PriceCatalog.Load(new StringReader($"{Header}\r\nazure,eastus,,Standard_NV36ads_A10_v5,A10,1,3.2,0.8\r\n"));
        Assert.Equal(2, catalog.Offerings.Count);
        Assert.All(catalog.Offerings, o => Assert.Equal("A10G", o.Accelerator));
        Assert.Equal(0.8m, catalog.Offerings[0].HourlyPrice);
    }
}
