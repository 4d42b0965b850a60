namespace SkyHedge.Core.Spec;

/// <summary><c>service.readiness_probe</c>: either a path string or this mapping. Defaults are SkyServe's.</summary>
public sealed record ReadinessProbeSpec
{
    /// <summary>Probe path; starts with '/'. Default <c>/</c>.</summary>
    public string Path { get; init; } = "/";

    /// <summary>Probe failures during this long after launch are ignored (model download/load). Default 1200 s.</summary>
    public int InitialDelaySeconds { get; init; } = SpecDefaults.InitialDelaySeconds;

    /// <summary>Per-probe timeout. Default 15 s (LLM generation as a probe is slow).</summary>
    public int TimeoutSeconds { get; init; } = SpecDefaults.ReadinessTimeoutSeconds;

    /// <summary>JSON body; when set the probe is a POST instead of a GET.</summary>
    public string? PostDataJson { get; init; }

    /// <summary>Extra request headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
