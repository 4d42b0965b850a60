using SkyHedge.Core.Model;

namespace SkyHedge.Core.Ports;

/// <summary>No capacity for an offering in one location and market. The placer marks the location (PREEMPTED for
/// spot) and launches elsewhere.</summary>
public sealed class InsufficientCapacityException(string cloud, Location location, Market market, string? cloudCode = null, Exception? inner = null)
    : CloudException(cloud, cloudCode, $"{cloud}: no {(market == Market.Spot ? "spot" : "on-demand")} capacity in {location}{Code(cloudCode)}", inner)
{
    public Location Location { get; } = location;

    public Market Market { get; } = market;

    internal static string Code(string? code) => code is null ? "" : $" ({code})";
}
