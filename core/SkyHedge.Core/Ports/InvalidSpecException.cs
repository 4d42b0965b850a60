namespace SkyHedge.Core.Ports;

/// <summary>The request cannot succeed anywhere in this cloud (unknown image or instance type, bad
/// parameters).</summary>
public sealed class InvalidSpecException(string cloud, string detail, string? cloudCode = null, Exception? inner = null)
    : CloudException(cloud, cloudCode, $"{cloud}: invalid request: {detail}{InsufficientCapacityException.Code(cloudCode)}", inner);
