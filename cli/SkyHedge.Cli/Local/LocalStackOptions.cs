namespace SkyHedge.Cli.Local;

/// <summary>How <c>skyhedge local up</c> runs the stack on one machine. Ports follow the architecture's local
/// contract (router 8080, admin API 7071, Azurite 10000-10002, durable sidecar 4001); 0 picks a free port.</summary>
internal sealed record LocalStackOptions
{
    public int RouterPort { get; init; } = 8080;

    public int AdminPort { get; init; } = 7071;

    /// <summary>Azurite's blob port; queue and table take the next two.</summary>
    public int StoragePort { get; init; } = 10000;

    public int SidecarPort { get; init; } = 4001;

    /// <summary>The admin-scope key valid on the router and the admin API (generated when not given).</summary>
    public required string ApiKey { get; init; }

    /// <summary>Decisions every 2 s and probes every 1 s: a local replica starts in about a second, so the
    /// production cadence (20 s / 10 s) would only make the demo slow.</summary>
    public TimeSpan DecisionInterval { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Where replica process output goes (one file per replica); the CLI's <c>logs</c> verb reads it.</summary>
    public required string LogDirectory { get; init; }

    /// <summary>Every port 0 (<c>--ports auto</c>).</summary>
    public LocalStackOptions WithAutoPorts() => this with { RouterPort = 0, AdminPort = 0, StoragePort = 0, SidecarPort = 0 };
}
