namespace SkyHedge.Core.Spec;

/// <summary>Defaults for omitted keys; SkyServe's values so its users see no change.</summary>
public static class SpecDefaults
{
    public const int MinReplicas = 1;
    public const int UpscaleDelaySeconds = 300;
    public const int DownscaleDelaySeconds = 1200;
    public const int InitialDelaySeconds = 1200;
    public const int ReadinessTimeoutSeconds = 15;

    /// <summary>SpotHedge's over-provisioning, applied only when <c>use_spot</c> is true (0 otherwise).</summary>
    public const int NumOverprovisionWithSpot = 1;

    public const string LoadBalancingPolicy = "instance_aware_least_load";

    public static IReadOnlyList<string> LoadBalancingPolicies { get; } = ["least_load", "round_robin", "instance_aware_least_load"];

    /// <summary>Accepted <c>spot_placer</c> names, in <see cref="SpotPlacerKind"/> order.</summary>
    public static IReadOnlyList<string> SpotPlacers { get; } = ["dynamic_fallback", "spothedge", "skyhedge"];
}
