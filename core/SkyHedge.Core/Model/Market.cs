namespace SkyHedge.Core.Model;

/// <summary>How an instance is bought.</summary>
public enum Market
{
    /// <summary>Preemptible, cheap.</summary>
    Spot,

    /// <summary>Full price, never preempted by the cloud.</summary>
    OnDemand,
}
