namespace SkyHedge.Core.Spec;

/// <summary>
/// A service: what to run, on what, and how to scale it. Parsed from YAML by <see cref="ServiceSpecParser"/>
/// (a superset of a SkyPilot task + SkyServe <c>service:</c> file).
/// </summary>
public sealed record ServiceSpec
{
    /// <summary>The service name (a DNS label); also the <c>model</c> name clients send.</summary>
    public required string Name { get; init; }

    /// <summary>Environment for setup/run. A null value means "must be supplied at deploy time" (SkyPilot).</summary>
    public IReadOnlyDictionary<string, string?> Envs { get; init; } = new Dictionary<string, string?>();

    public string? Setup { get; init; }

    public string? Run { get; init; }

    public ResourcesSpec Resources { get; init; } = new();

    public ServiceSection Service { get; init; } = new();

    /// <summary>The raw <c>mix:</c> section, or null.</summary>
    public MixSection? Mix { get; init; }
}
