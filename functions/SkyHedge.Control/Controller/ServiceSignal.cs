namespace SkyHedge.Control.Controller;

/// <summary>External events a service controller reacts to (event name <see cref="ServiceSignals.EventName"/>).</summary>
public enum ServiceSignal
{
    /// <summary>A new spec version was stored: decide now (rolling replacement follows from versions).</summary>
    SpecUpdated,

    /// <summary>The service was deleted: terminate everything, then finish.</summary>
    Deleted,
}
