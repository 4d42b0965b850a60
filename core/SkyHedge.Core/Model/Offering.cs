namespace SkyHedge.Core.Model;

/// <summary>Something that can be launched: one instance type, in one location, bought on one market, at a price.</summary>
/// <param name="InstanceType">Cloud VM size (for GCP the host machine type).</param>
/// <param name="Accelerator">Canonical GPU id (<see cref="Accelerators"/>).</param>
/// <param name="AcceleratorCount">GPUs per instance.</param>
/// <param name="Location">Where it runs. AWS zones are AZ ids (<c>use1-az1</c>), Azure zones are empty.</param>
/// <param name="Market">Spot or on-demand.</param>
/// <param name="HourlyPrice">USD per hour for the whole instance on that market.</param>
public sealed record Offering(
    string InstanceType,
    string Accelerator,
    int AcceleratorCount,
    Location Location,
    Market Market,
    decimal HourlyPrice)
{
    public override string ToString() =>
        $"{InstanceType} ({Accelerator}:{AcceleratorCount}) {Location} {Market} ${HourlyPrice}/h";
}
