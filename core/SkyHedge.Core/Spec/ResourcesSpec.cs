using SkyHedge.Core.Model;

namespace SkyHedge.Core.Spec;

/// <summary>The <c>resources:</c> section: what each replica runs on (SkyPilot's resources, subset).</summary>
public sealed record ResourcesSpec
{
    /// <summary>Ports the replica serves on (<c>ports: 8080</c> or a list). The first is the one probed and routed to.</summary>
    public IReadOnlyList<int> Ports { get; init; } = [];

    /// <summary>VM/container image, or null for the cloud default.</summary>
    public string? ImageId { get; init; }

    /// <summary>GPU alternatives (any one will do), from <c>A100:1</c>, a list, or a mapping <c>{A100: 1, H100: 1}</c>.</summary>
    public IReadOnlyList<AcceleratorRequest> Accelerators { get; init; } = [];

    /// <summary>Launch on spot (default false, as in SkyPilot).</summary>
    public bool UseSpot { get; init; }

    /// <summary>The <c>any_of</c> entries as written (accelerators already inherited).</summary>
    public IReadOnlyList<ResourceCandidate> AnyOf { get; init; } = [];

    public string? Cloud { get; init; }

    public string? Region { get; init; }

    public string? Zone { get; init; }

    public string? InstanceType { get; init; }

    /// <summary>SkyPilot form: <c>4</c> (exactly) or <c>4+</c> (at least).</summary>
    public string? Cpus { get; init; }

    /// <summary>GiB, SkyPilot form: <c>32</c> or <c>32+</c>.</summary>
    public string? Memory { get; init; }

    /// <summary>Boot disk GiB.</summary>
    public int? DiskSize { get; init; }

    /// <summary>
    /// Where replicas may go: the <see cref="AnyOf"/> entries, or (without <c>any_of</c>) one candidate built from the
    /// top-level cloud/region/zone/accelerators.
    /// </summary>
    public IReadOnlyList<ResourceCandidate> Candidates() => AnyOf.Count > 0
        ? AnyOf
        : [new ResourceCandidate
        {
            Cloud = Cloud,
            Regions = Region is null ? [] : [Region],
            Zones = Zone is null ? [] : [Zone],
            Accelerators = Accelerators,
            InstanceType = InstanceType,
        }];
}
