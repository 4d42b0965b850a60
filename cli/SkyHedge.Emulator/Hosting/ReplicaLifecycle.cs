using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SkyHedge.Core.Performance;
using SkyHedge.Emulator.Generation;
using SkyHedge.Emulator.Serving;

namespace SkyHedge.Emulator.Hosting;

/// <summary>Ties the replica's state to the host's lifetime: warm-up starts when the server listens; an interruption
/// notice (SIGTERM, Ctrl+C, a stop) starts draining.</summary>
internal static class ReplicaLifecycle
{
    public static void Attach(
        IHostApplicationLifetime lifetime, EmulatorOptions options, GpuPerformanceModel model, ReplicaState state, Batch batch, ILogger logger, TimeProvider time)
    {
        ITimer? warmupTimer = null;
        lifetime.ApplicationStarted.Register(() =>
        {
            state.Start();
            logger.Serving(
                options.Model, model.Model.Name, model.Gpu.Id, model.TimeToFirstToken(128).TotalMilliseconds,
                model.TimePerOutputToken(1, 128).TotalMilliseconds, options.TimeScale,
                options.Token is null ? "no replica token: /v1/* accepts requests without authorization" : "replica token required on /v1/*");
            if (!state.IsWarm)
            {
                logger.WarmingUp(state.WarmupLeft.TotalSeconds);
                warmupTimer = time.CreateTimer(_ => logger.Warm(), null, state.WarmupLeft, Timeout.InfiniteTimeSpan);
            }
        });
        lifetime.ApplicationStopping.Register(() =>
        {
            // The host fires this before Kestrel stops listening, so a request that still slips in on an open
            // connection is refused with 503 rather than started and cut at the end of the grace period.
            state.StartDraining();
            warmupTimer?.Dispose();
            logger.Draining(batch.Count, options.Grace.TotalSeconds);
        });
        lifetime.ApplicationStopped.Register(logger.Stopped);
    }
}
