namespace SkyHedge.Core.Ports;

/// <summary>The credentials are missing, expired or lack a permission. Stop and tell the operator; retrying
/// does not help.</summary>
public sealed class UnauthorizedException(string cloud, string detail, string? cloudCode = null, Exception? inner = null)
    : CloudException(cloud, cloudCode, $"{cloud}: unauthorized: {detail}{InsufficientCapacityException.Code(cloudCode)}", inner);
