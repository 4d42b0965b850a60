namespace SkyHedge.Control.State;

/// <summary>What the control plane is doing with a service as a whole (replica states are per replica).</summary>
public enum ServiceStatus
{
    /// <summary>Reconciled towards its spec: replicas are launched, replaced and scaled.</summary>
    Active,

    /// <summary><c>down</c> was requested: every replica is being terminated and none launched.</summary>
    ShuttingDown,

    /// <summary>Stopped relaunching (for example, every launch fails on an invalid spec); needs a new spec or an
    /// operator.</summary>
    Failed,
}
