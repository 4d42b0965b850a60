namespace SkyHedge.Core.Policies;

/// <summary>
/// An online policy that decides, at every tick, how many spot replicas to hold in each zone and how many
/// on-demand replicas to hold. Implementations are deterministic given their constructor arguments and the
/// sequence of observations, so a simulation is reproducible and a live control loop can replay them.
/// </summary>
public interface IFleetPolicy
{
    /// <summary>The policy's name as users spell it (e.g. <c>spothedge</c>).</summary>
    string Name { get; }

    /// <summary>Decide the fleet for this tick. Must not keep a reference to <paramref name="observation"/>:
    /// the caller reuses it.</summary>
    FleetPlan Decide(FleetObservation observation);
}
