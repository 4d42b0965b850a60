using SkyHedge.Core.Spec;

namespace SkyHedge.Core.Policies;

/// <summary>
/// Knobs of the <see cref="RequestRateAutoscaler"/>, named after SkyServe's <c>replica_policy</c> keys so a
/// spec maps onto them one to one (<see cref="FromSpec"/>). Defaults are SkyServe's.
/// </summary>
public sealed record AutoscalerOptions
{
    /// <summary>Default request window (SkyServe's <c>qps_window_size</c>).</summary>
    public const int DefaultWindowSeconds = 60;

    /// <summary>How often SkyServe decides. The autoscaler does not enforce it (the caller calls
    /// <see cref="RequestRateAutoscaler.Decide"/> at its own cadence); the control loop uses it.</summary>
    public const int DefaultDecisionIntervalSeconds = 20;

    /// <summary><c>min_replicas</c>: the floor, and the fixed size when <see cref="TargetQpsPerReplica"/> is null.
    /// 0 allows scale to zero.</summary>
    public int MinReplicas { get; init; } = SpecDefaults.MinReplicas;

    /// <summary><c>max_replicas</c>: the ceiling. Unused for a fixed size.</summary>
    public int MaxReplicas { get; init; } = SpecDefaults.MinReplicas;

    /// <summary><c>target_qps_per_replica</c>. Null fixes the target at <see cref="MinReplicas"/> (SkyServe's
    /// <c>replicas: N</c>).</summary>
    public double? TargetQpsPerReplica { get; init; }

    /// <summary><c>upscale_delay_seconds</c>: how long a higher target must be wanted before it is taken.</summary>
    public int UpscaleDelaySeconds { get; init; } = SpecDefaults.UpscaleDelaySeconds;

    /// <summary><c>downscale_delay_seconds</c>: how long a lower target must be wanted before it is taken.</summary>
    public int DownscaleDelaySeconds { get; init; } = SpecDefaults.DownscaleDelaySeconds;

    /// <summary>Requests are counted over this many trailing seconds; the rate is count / window.</summary>
    public int WindowSeconds { get; init; } = DefaultWindowSeconds;

    /// <summary>The options a service spec asks for.</summary>
    public static AutoscalerOptions FromSpec(ReplicaPolicySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new AutoscalerOptions
        {
            MinReplicas = spec.MinReplicas,
            MaxReplicas = spec.MaxReplicas,
            TargetQpsPerReplica = spec.TargetQpsPerReplica,
            UpscaleDelaySeconds = spec.UpscaleDelaySeconds,
            DownscaleDelaySeconds = spec.DownscaleDelaySeconds,
        };
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid knob.</summary>
    public void Validate()
    {
        const string name = "options";
        if (MinReplicas < 0)
        {
            throw new ArgumentException($"min_replicas must be >= 0, got {MinReplicas}", name);
        }

        if (MaxReplicas < MinReplicas)
        {
            throw new ArgumentException($"max_replicas must be >= min_replicas ({MinReplicas}), got {MaxReplicas}", name);
        }

        if (TargetQpsPerReplica is { } qps && !(qps > 0 && double.IsFinite(qps)))
        {
            throw new ArgumentException($"target_qps_per_replica must be a positive finite number or null, got {qps}", name);
        }

        if (UpscaleDelaySeconds < 0)
        {
            throw new ArgumentException($"upscale_delay_seconds must be >= 0, got {UpscaleDelaySeconds}", name);
        }

        if (DownscaleDelaySeconds < 0)
        {
            throw new ArgumentException($"downscale_delay_seconds must be >= 0, got {DownscaleDelaySeconds}", name);
        }

        if (WindowSeconds <= 0)
        {
            throw new ArgumentException($"the request window must be > 0 seconds, got {WindowSeconds}", name);
        }
    }
}
