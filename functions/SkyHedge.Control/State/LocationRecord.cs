using SkyHedge.Core.Model;

namespace SkyHedge.Control.State;

/// <summary>The placer's persisted state for one location of one service (upstream SkyServe lost it on restart),
/// plus the preemption history the SkyHedge policy estimates hazards from.</summary>
/// <param name="Service">The service.</param>
/// <param name="Location">The location; its row key is <c>cloud|region|zone</c>.</param>
/// <param name="State">ACTIVE or PREEMPTED.</param>
/// <param name="PreemptionCount">All preemptions (and failed spot launches) ever recorded here.</param>
/// <param name="LastPreemptionTime">The latest of them (UTC), or null.</param>
/// <param name="RecentPreemptions">The most recent ones, oldest first, at most
/// <see cref="TableStateStoreOptions.PreemptionHistoryLimit"/> (the store drops the oldest).</param>
public sealed record LocationRecord(
    string Service,
    Location Location,
    LocationState State,
    int PreemptionCount,
    DateTimeOffset? LastPreemptionTime,
    IReadOnlyList<DateTimeOffset> RecentPreemptions)
{
    /// <summary>A location never seen before: ACTIVE, no history.</summary>
    public static LocationRecord Initial(string service, Location location) => new(service, location, LocationState.Active, 0, null, []);

    /// <summary>A copy marked PREEMPTED with the preemption at <paramref name="at"/> counted and remembered.</summary>
    public LocationRecord WithPreemption(DateTimeOffset at) => this with
    {
        State = LocationState.Preempted,
        PreemptionCount = PreemptionCount + 1,
        LastPreemptionTime = LastPreemptionTime is { } last && last > at ? last : at,
        RecentPreemptions = [.. RecentPreemptions.Append(at).Order()],
    };
}
