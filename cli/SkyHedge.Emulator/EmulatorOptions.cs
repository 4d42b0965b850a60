using System.Globalization;
using SkyHedge.Core.Performance;

namespace SkyHedge.Emulator;

/// <summary>How an emulator replica runs: what <c>skyhedge-emulator</c>'s command line sets
/// (see <see cref="EmulatorApp.HelpText"/> for the flags).</summary>
public sealed record EmulatorOptions
{
    /// <summary>The environment variable holding the replica token (preferred over <c>--token</c>, which other users
    /// can read in <c>ps</c>).</summary>
    public const string TokenVariable = "SKYHEDGE_REPLICA_TOKEN";

    /// <summary>The GPU to emulate, a canonical id or alias with a row in the embedded GPU table.</summary>
    public string Gpu { get; init; } = "A10G";

    /// <summary>The address to listen on.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 picks a free one (the actual port is printed on start).</summary>
    public int Port { get; init; }

    /// <summary>The model id served and listed by <c>/v1/models</c>; requests naming another model get 404.</summary>
    public string Model { get; init; } = "emulated";

    /// <summary>The bearer token <c>/v1/*</c> requires (the per-replica token the router presents); null = no
    /// authorization.</summary>
    public string? Token { get; init; }

    /// <summary>How long <c>/health</c> and <c>/v1/*</c> answer 503 after start (emulated model loading; divided by
    /// <see cref="TimeScale"/> like every emulated delay).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;

    /// <summary>How long in-flight requests may run on after SIGTERM or Ctrl+C before they are cut (real time, not
    /// scaled).</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Every emulated delay is divided by this: 10 runs ten times faster than the GPU would.</summary>
    public double TimeScale { get; init; } = 1.0;

    /// <summary>Stop (as on SIGTERM) when standard input reaches its end: the local cloud passes it, so an emulator
    /// goes when the stack that started it dies, even by SIGKILL.</summary>
    public bool ExitWithStdin { get; init; }

    /// <summary>The performance profile of the served model (Llama-2-7B class by default).</summary>
    public ModelProfile Profile { get; init; } = ModelProfile.Llama2_7B;

    /// <summary>Checks every value and returns the performance model of <see cref="Gpu"/>.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the GPU is unknown or cannot hold the model;
    /// the message names the flag.</exception>
    public GpuPerformanceModel Validate()
    {
        Require(Port is >= 0 and <= 65535, $"--port: expected 0-65535, got {Port}");
        Require(!string.IsNullOrWhiteSpace(Host), "--host: expected an address, got nothing");
        Require(!string.IsNullOrWhiteSpace(Model), "--model: expected a model id, got nothing");
        Require(Token is null || Token.Length > 0, "--token: expected a token, got an empty one");
        Require(Warmup >= TimeSpan.Zero, $"--warmup-seconds: expected 0 or more, got {Seconds(Warmup)}");
        Require(Grace >= TimeSpan.Zero, $"--grace-seconds: expected 0 or more, got {Seconds(Grace)}");
        Require(TimeScale > 0 && double.IsFinite(TimeScale), $"--time-scale: expected a positive number, got {TimeScale.ToString(CultureInfo.InvariantCulture)}");
        GpuPerformanceModel model;
        try
        {
            model = GpuPerformanceModel.For(Gpu, Profile);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"--gpu: {ex.Message}", ex);
        }

        Require(model.Fits, $"--gpu: {Profile.Name} does not fit in the {model.Gpu.MemoryGb:0} GB of a {model.Gpu.Id}");
        return model;
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString(CultureInfo.InvariantCulture);

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message + ".");
        }
    }
}
