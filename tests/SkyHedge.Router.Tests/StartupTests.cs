namespace SkyHedge.Router.Tests;

/// <summary>A misconfigured router refuses to start and says why, instead of starting and routing nothing.</summary>
public sealed class StartupTests
{
    [Fact]
    public void Without_a_replica_source_the_router_names_the_settings_to_set()
    {
        var error = Assert.Throws<ArgumentException>(() => RouterApp.Build(["--urls", "http://127.0.0.1:0"]));
        Assert.Contains("SkyHedge:Storage", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"services":[{"name":"x","replicas":[{"id":"a","address":"nope"}]}]}""", "services[0].replicas[0]: expected an id and an http(s) address")]
    [InlineData("""{"services":[{"name":"x","routing":[{"input":[5,1],"pool":"L4"}]}]}""", "services[0].routing[0].input: expected [lo, hi]")]
    [InlineData("""{"services":[{"name":"x"},{"name":"x"}]}""", "service 'x' appears twice")]
    [InlineData("""{"services":[""", "--replicas:")]
    public void A_bad_replicas_file_stops_the_start_with_its_problem(string json, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"replicas-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            var error = Assert.Throws<ArgumentException>(() => RouterApp.Build(["--urls", "http://127.0.0.1:0", "--replicas", path]));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("SkyHedge:Router:PollInterval", "abc", "SkyHedge:Router:PollInterval")]
    [InlineData("SkyHedge:Router:MaxAttempts", "0", "MaxAttempts 1-10")]
    [InlineData("SkyHedge:Router:QueueTimeout", "00:00:00", "QueueTimeout must be positive")]
    public void A_bad_setting_is_named(string setting, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => RouterApp.Build(["--urls", "http://127.0.0.1:0", "--" + setting, value]));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
