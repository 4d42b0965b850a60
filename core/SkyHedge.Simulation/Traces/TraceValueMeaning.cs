namespace SkyHedge.Simulation.Traces;

/// <summary>What a spot trace's integers mean. Carried explicitly because public traces disagree.</summary>
public enum TraceValueMeaning
{
    /// <summary>1 = a spot instance could be launched (unlimited capacity, as the SpotHedge artifact reads it),
    /// 0 = none.</summary>
    Availability,

    /// <summary>The opposite convention (1 = preempted / unavailable), used by some related releases.</summary>
    InvertedAvailability,

    /// <summary>How many spot nodes could be obtained: any non-negative integer, a capacity.</summary>
    Count,
}
