namespace SkyHedge.Core.Ports;

/// <summary>The account's quota (vCPUs, GPUs, instances) would be exceeded. Retrying will not help until the
/// quota is raised or other instances end.</summary>
public sealed class QuotaExceededException(string cloud, string detail, string? cloudCode = null, Exception? inner = null)
    : CloudException(cloud, cloudCode, $"{cloud}: quota exceeded: {detail}{InsufficientCapacityException.Code(cloudCode)}", inner);
