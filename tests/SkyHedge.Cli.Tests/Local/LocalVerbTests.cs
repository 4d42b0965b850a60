using SkyHedge.Cli.Tests.Admin;

namespace SkyHedge.Cli.Tests.Local;

/// <summary>`local up` and `emulate`: help and the failures that need no running stack.</summary>
public sealed class LocalVerbTests
{
    [Fact]
    public void Local_up_help_lists_its_options()
    {
        var run = Admin.Cli.Run("local", "up", "--help");

        Assert.True(run.Code == 0, run.ToString());
        foreach (var option in new[] { "SPEC", "--preempt-trace", "--time-scale", "--ondemand-cost-ratio", "--port", "--admin-port", "--storage-port", "--sidecar-port", "--ports", "--api-key", "--duration", "--gpu-outage" })
        {
            Assert.Contains(option, run.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Emulate_help_and_its_own_option_list()
    {
        var help = Admin.Cli.Run("emulate", "--help");
        Assert.True(help.Code == 0, help.ToString());
        Assert.Contains("--gpu", help.Out, StringComparison.Ordinal);

        var options = Admin.Cli.Run("emulate", "--options");
        Assert.True(options.Code == 0, options.ToString());
        Assert.Contains("--warmup-seconds", options.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-spec.yaml", "")]
    [InlineData("SPEC", "--ports")]
    [InlineData("SPEC", "--api-key")]
    [InlineData("SPEC", "--spot-prices missing")]
    [InlineData("SPEC", "--spot-prices malformed")]
    [InlineData("SPEC", "--spot-prices foreign-zone")]
    [InlineData("SPEC", "--gpu-outage B999@10")]
    [InlineData("SPEC", "--gpu-outage A10G@30-10")]
    [InlineData("SPEC", "--gpu-outage A10G")]
    public void Bad_input_is_one_line_and_exit_code_2(string spec, string option)
    {
        using var temp = new TempFolder();
        var path = spec == "SPEC" ? temp.Write("s.yaml", "name: llm\nresources:\n  accelerators: A10G:1\n") : spec;
        string[] args = option switch
        {
            "--ports" => ["local", "up", path, "--ports", "some"],
            "--api-key" => ["local", "up", path, "--api-key", "short"],
            "--spot-prices missing" => ["local", "up", path, "--spot-prices", temp.Combine("no-such-prices.csv")],
            "--spot-prices malformed" => ["local", "up", path, "--spot-prices", temp.Write("p.csv", "zone,tick,price_usd_per_hour\nus-east-1a,0,cheap\n")],
            "--spot-prices foreign-zone" => ["local", "up", path, "--spot-prices", temp.Write("p.csv", "zone,tick,price_usd_per_hour\neu-west-1a,0,1.5\n")],
            _ when option.StartsWith("--gpu-outage ", StringComparison.Ordinal) => ["local", "up", path, "--gpu-outage", option["--gpu-outage ".Length..]],
            _ => ["local", "up", path],
        };

        var run = Admin.Cli.Run(args);

        Assert.True(run.Code == 2, run.ToString());
        Assert.Single(run.ErrLines);
        Assert.StartsWith("skyhedge: ", run.ErrLines[0], StringComparison.Ordinal);
    }
}
