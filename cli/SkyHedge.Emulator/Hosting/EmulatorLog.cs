using Microsoft.Extensions.Logging;

namespace SkyHedge.Emulator.Hosting;

/// <summary>The emulator's log lines (stderr). A parent process may wait for "draining" or "warm-up done".</summary>
internal static partial class EmulatorLog
{
    [LoggerMessage(1, LogLevel.Information, "serving {Model} as {Profile} on {Gpu}: TTFT {TtftMs:0.0} ms for 128 prompt tokens, {TpotMs:0.0} ms per token alone; time scale {Scale}; {Auth}")]
    public static partial void Serving(this ILogger logger, string model, string profile, string gpu, double ttftMs, double tpotMs, double scale, string auth);

    [LoggerMessage(2, LogLevel.Information, "warming up for {Seconds:0.###} s")]
    public static partial void WarmingUp(this ILogger logger, double seconds);

    [LoggerMessage(3, LogLevel.Information, "warm-up done: healthy")]
    public static partial void Warm(this ILogger logger);

    [LoggerMessage(4, LogLevel.Information, "draining: refusing new requests; {Count} in flight may finish within {GraceSeconds:0.###} s")]
    public static partial void Draining(this ILogger logger, int count, double graceSeconds);

    [LoggerMessage(5, LogLevel.Information, "stopped")]
    public static partial void Stopped(this ILogger logger);
}
