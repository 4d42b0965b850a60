namespace SkyHedge.Core.Spec;

/// <summary>
/// <c>service.replica_policy</c> (or the <c>service.replicas: N</c> shorthand, which fixes min = max = N).
/// Values here are resolved: defaults applied, <see cref="MaxReplicas"/> never below <see cref="MinReplicas"/>.
/// </summary>
public sealed record ReplicaPolicySpec
{
    /// <summary>Default 1 (SkyServe). 0 allows scale to zero.</summary>
    public int MinReplicas { get; init; } = SpecDefaults.MinReplicas;

    /// <summary>Defaults to <see cref="MinReplicas"/> (a fixed size).</summary>
    public int MaxReplicas { get; init; } = SpecDefaults.MinReplicas;

    /// <summary>Requests/s one replica should take; required when max &gt; min. Null for a fixed size.</summary>
    public double? TargetQpsPerReplica { get; init; }

    /// <summary>Sustained demand above the current target for this long before scaling up. Default 300 s.</summary>
    public int UpscaleDelaySeconds { get; init; } = SpecDefaults.UpscaleDelaySeconds;

    /// <summary>Sustained demand below the target for this long before scaling down. Default 1200 s.</summary>
    public int DownscaleDelaySeconds { get; init; } = SpecDefaults.DownscaleDelaySeconds;

    /// <summary>Extra spot replicas beyond the target (SpotHedge's N_extra). Default 1 with <c>use_spot</c>, else 0.</summary>
    public int NumOverprovision { get; init; }

    /// <summary>Launch on-demand replicas while spot ones are not ready. Default false.</summary>
    public bool DynamicOndemandFallback { get; init; }

    /// <summary>On-demand replicas kept at all times (B). Default 0; at most <see cref="MaxReplicas"/>.</summary>
    public int BaseOndemandFallbackReplicas { get; init; }

    /// <summary>Spot placement policy. Default <see cref="SpotPlacerKind.SkyHedge"/>; ignored without spot.</summary>
    public SpotPlacerKind SpotPlacer { get; init; } = SpotPlacerKind.SkyHedge;

    /// <summary>True when the replica count follows load.</summary>
    public bool IsAutoscaling => MaxReplicas > MinReplicas;
}
