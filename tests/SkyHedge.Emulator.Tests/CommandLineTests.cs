using SkyHedge.Emulator.Tests.Harness;

namespace SkyHedge.Emulator.Tests;

/// <summary>The command-line contract <c>skyhedge emulate</c> passes through: flags, the token variable, the one
/// stdout line, exit codes.</summary>
public sealed class CommandLineTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Every_flag_is_read_in_both_spellings()
    {
        var options = CommandLine.Parse(
            ["--gpu", "H100 (SXM)", "--port=8123", "--host", "0.0.0.0", "--model", "llama", "--warmup-seconds", "2.5",
             "--grace-seconds=45", "--time-scale", "10", "--token", "t"],
            NoEnvironment)!;

        Assert.Equal(
            new EmulatorOptions
            {
                Gpu = "H100 (SXM)", Port = 8123, Host = "0.0.0.0", Model = "llama", Warmup = TimeSpan.FromSeconds(2.5),
                Grace = TimeSpan.FromSeconds(45), TimeScale = 10, Token = "t",
            },
            options);
        Assert.Equal("H100", options.Validate().Gpu.Id);
    }

    [Fact]
    public void Defaults_are_an_A10G_on_a_free_loopback_port_without_warm_up_and_30_s_of_grace()
    {
        var options = CommandLine.Parse([], NoEnvironment)!;

        Assert.Equal(new EmulatorOptions(), options);
        Assert.Equal(("A10G", "127.0.0.1", 0, "emulated", null, TimeSpan.Zero, TimeSpan.FromSeconds(30), 1.0),
            (options.Gpu, options.Host, options.Port, options.Model, options.Token, options.Warmup, options.Grace, options.TimeScale));
    }

    [Fact]
    public void The_token_comes_from_the_environment_and_an_explicit_flag_wins()
    {
        Func<string, string?> environment = name => name == "SKYHEDGE_REPLICA_TOKEN" ? "from-env" : null;

        Assert.Equal("from-env", CommandLine.Parse([], environment)!.Token);
        Assert.Equal("from-flag", CommandLine.Parse(["--token", "from-flag"], environment)!.Token);
        Assert.Null(CommandLine.Parse([], name => name == "SKYHEDGE_REPLICA_TOKEN" ? string.Empty : null)!.Token);
    }

    [Theory]
    [InlineData("--port", "x", "--port: expected a whole number, got 'x'.")]
    [InlineData("--port", "-1", "--port: expected a whole number, got '-1'.")]
    [InlineData("--port", "70000", "--port: expected 0-65535, got 70000.")]
    [InlineData("--time-scale", "0", "--time-scale: expected a positive number, got 0.")]
    [InlineData("--warmup-seconds", "-1", "--warmup-seconds: expected 0 or more seconds, got '-1'.")]
    [InlineData("--grace-seconds", "soon", "--grace-seconds: expected a number, got 'soon'.")]
    [InlineData("--gpu", "TPU", "--gpu: No GPU spec for 'TPU'. GPUs with specs: T4, L4, A10G, V100, A100, A100-80GB, H100.")]
    [InlineData("--gpu", "V100-32GB", "--gpu: No GPU spec for 'V100-32GB'.")]
    [InlineData("--token", "", "--token: expected a token, got an empty one.")]
    [InlineData("--bogus", "1", "unknown argument '--bogus'.")]
    public void A_bad_value_is_named(string flag, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => CommandLine.Parse([flag, value], NoEnvironment)!.Validate());

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flag_without_its_value_is_named() =>
        Assert.Equal("--gpu: expected a value after it.", Assert.Throws<ArgumentException>(() => CommandLine.Parse(["--gpu"], NoEnvironment)).Message);

    [Fact]
    public async Task Help_goes_to_stdout_with_exit_code_0_and_a_bad_line_to_stderr_with_2()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        Assert.Equal(0, await EmulatorApp.RunAsync(["--help"], stdout, stderr, NoEnvironment));
        Assert.Contains("--warmup-seconds S", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("SKYHEDGE_REPLICA_TOKEN", stdout.ToString(), StringComparison.Ordinal);

        Assert.Equal(2, await EmulatorApp.RunAsync(["--gpu", "TPU"], stdout, stderr, NoEnvironment));
        Assert.StartsWith("skyhedge-emulator: --gpu: No GPU spec for 'TPU'.", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_prints_exactly_one_listening_line_to_stdout_logs_to_stderr_and_stops_with_0()
    {
        // Synchronized writers lock themselves while writing: reads below take the same lock.
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var stdoutWriter = TextWriter.Synchronized(stdout);
        var stderrWriter = TextWriter.Synchronized(stderr);
        using var stop = new CancellationTokenSource();

        var run = EmulatorApp.RunAsync(["--port", "0", "--grace-seconds", "1"], stdoutWriter, stderrWriter, NoEnvironment, stop.Token);
        var line = await WaitForLineAsync(stdout, stdoutWriter, run);
        using (var client = new HttpClient { BaseAddress = new Uri(line["listening on ".Length..]) })
        {
            Assert.Matches(@"^listening on http://127\.0\.0\.1:\d+$", line);
            Assert.NotEqual(":0", line[^2..]);
            Assert.Equal("""{"status":"ok","gpu":"A10G"}""", await client.GetStringAsync("/health"));
        }

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(line + Environment.NewLine, Text(stdout, stdoutWriter));
        Assert.Contains("no replica token: /v1/* accepts requests without authorization", Text(stderr, stderrWriter), StringComparison.Ordinal);
        Assert.Contains("draining", Text(stderr, stderrWriter), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_exits_1_and_says_so()
    {
        await using var first = await InProcessEmulator.StartAsync();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await EmulatorApp.RunAsync(["--port", first.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], stdout, stderr, NoEnvironment);

        Assert.Equal(1, code);
        Assert.Contains("skyhedge-emulator: cannot listen:", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout.ToString());
    }

    private static string Text(StringWriter text, TextWriter writer)
    {
        lock (writer)
        {
            return text.ToString();
        }
    }

    private static async Task<string> WaitForLineAsync(StringWriter stdout, TextWriter writer, Task<int> run)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var text = Text(stdout, writer);
            if (text.EndsWith(Environment.NewLine, StringComparison.Ordinal))
            {
                return text.TrimEnd();
            }

            Assert.False(run.IsCompleted, $"the emulator ended first with {(run.IsCompletedSuccessfully ? run.Result : -1)}");
            await Task.Delay(20);
        }

        throw new TimeoutException("no 'listening on' line within 20 s");
    }
}
