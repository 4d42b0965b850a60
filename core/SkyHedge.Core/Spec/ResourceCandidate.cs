using SkyHedge.Core.Model;

namespace SkyHedge.Core.Spec;

/// <summary>
/// One acceptable place/hardware combination: an entry of <c>resources.any_of</c>, or the top-level resources when
/// there is no <c>any_of</c>. Empty lists mean "any".
/// </summary>
public sealed record ResourceCandidate
{
    /// <summary>Cloud id, or null for any cloud.</summary>
    public string? Cloud { get; init; }

    /// <summary>Allowed regions. When only zones were given (AWS/GCP), their regions are filled in.</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];

    /// <summary>Allowed zone names (<c>us-east-1a</c>, <c>us-central1-a</c>).</summary>
    public IReadOnlyList<string> Zones { get; init; } = [];

    /// <summary>GPU alternatives (any one will do), inherited from <c>resources.accelerators</c> when the entry has none.</summary>
    public IReadOnlyList<AcceleratorRequest> Accelerators { get; init; } = [];

    /// <summary>Pinned VM size, or null.</summary>
    public string? InstanceType { get; init; }
}
