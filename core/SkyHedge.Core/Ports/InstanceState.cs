namespace SkyHedge.Core.Ports;

/// <summary>An instance's state as the cloud reports it.</summary>
public enum InstanceState
{
    /// <summary>Being created.</summary>
    Pending,

    /// <summary>Up (the model server may still be starting).</summary>
    Running,

    /// <summary>Shutting down at our request.</summary>
    Stopping,

    /// <summary>Taken back by the cloud (spot).</summary>
    Preempted,

    /// <summary>Gone.</summary>
    Terminated,
}
