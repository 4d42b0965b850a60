namespace SkyHedge.Control.State;

/// <summary>The spot placer's mark on a location (SpotHedge: every allowed zone is one of the two).</summary>
public enum LocationState
{
    /// <summary>Spot launches are expected to work here.</summary>
    Active,

    /// <summary>A recent preemption or failed spot launch: avoid while other ACTIVE locations remain.</summary>
    Preempted,
}
