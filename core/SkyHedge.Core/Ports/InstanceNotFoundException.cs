namespace SkyHedge.Core.Ports;

/// <summary>The instance does not exist. Only <see cref="ICloudProvider.GetAsync"/> callers see "not found" as
/// null; this type is for adapters' internals and operations on other resources.</summary>
public sealed class InstanceNotFoundException(string cloud, string instanceId, string? cloudCode = null, Exception? inner = null)
    : CloudException(cloud, cloudCode, $"{cloud}: instance {instanceId} not found{InsufficientCapacityException.Code(cloudCode)}", inner)
{
    public string InstanceId { get; } = instanceId;
}
