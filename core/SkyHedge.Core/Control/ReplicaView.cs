using SkyHedge.Core.Model;

namespace SkyHedge.Core.Control;

/// <summary>What the reconciler needs to know of a live replica.</summary>
/// <param name="Zone">Index into the policy's zone list for spot replicas; -1 for on-demand.</param>
/// <param name="LaunchedAt">Launch order (a tick, or ticks of a clock): larger is younger.</param>
public sealed record ReplicaView(string Id, int Zone, Market Market, long LaunchedAt, bool Ready);
