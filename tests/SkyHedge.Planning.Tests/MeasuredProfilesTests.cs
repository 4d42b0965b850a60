using SkyHedge.Core.Routing;

namespace SkyHedge.Planning.Tests;

public sealed class MeasuredProfilesTests : IDisposable
{
    private static readonly TimeSpan Slo = TimeSpan.FromMilliseconds(120);
    private readonly string _folder = Directory.CreateTempSubdirectory("skyhedge-profiles-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_matching_row_replaces_the_model_and_everything_else_falls_back()
    {
        var profiles = MeasuredProfiles.Load(Write("gpu,input_lo,input_hi,output_lo,output_hi,slo_ms,max_rps\nA10G,0,512,0,,120,7.5\nA10G,512,,0,,120,0\nA10G,0,512,0,,40,1\n"));
        MixPlanning.Throughput model = (_, _) => 99;

        var throughput = profiles.Over(model, Slo);

        Assert.Equal(3, profiles.Count);
        Assert.Equal(7.5, throughput("A10G", Bucket(300, 200)));
        Assert.Equal(7.5, throughput("a10g", Bucket(300, 200)));
        Assert.Equal(0, throughput("A10G", Bucket(600, 10))); // measured: cannot serve
        Assert.Equal(99, throughput("L4", Bucket(300, 200))); // no row for the GPU
        Assert.Equal(1, profiles.Over(model, TimeSpan.FromMilliseconds(40))("A10G", Bucket(300, 200)));
        Assert.Equal(99, profiles.Over(model, TimeSpan.FromMilliseconds(80))("A10G", Bucket(300, 200))); // no row for the SLO
    }

    [Theory]
    [InlineData("gpu,in,out\n", "first line")]
    [InlineData("gpu,input_lo,input_hi,output_lo,output_hi,slo_ms,max_rps\nA10G,512,256,0,,120,1\n", ":2:")]
    [InlineData("gpu,input_lo,input_hi,output_lo,output_hi,slo_ms,max_rps\nA10G,0,,0,,0,1\n", ":2:")]
    [InlineData("gpu,input_lo,input_hi,output_lo,output_hi,slo_ms,max_rps\nA10G,0,,0,,120,-1\n", ":2:")]
    public void A_bad_profile_file_is_a_clear_error(string text, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => MeasuredProfiles.Load(Write(text)));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static Demand.Bucket Bucket(int input, int output) => new(new TokenRange(0, null), new TokenRange(0, null), 1, input, output);

    private string Write(string text)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N")[..8] + ".csv");
        File.WriteAllText(path, text);
        return path;
    }
}
