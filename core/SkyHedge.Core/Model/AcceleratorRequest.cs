namespace SkyHedge.Core.Model;

/// <summary>A request for <paramref name="Count"/> GPUs of one type, as in SkyPilot's <c>A100:8</c>.</summary>
/// <param name="Name">Canonical GPU id (<see cref="Accelerators"/>).</param>
/// <param name="Count">GPUs per replica, at least 1.</param>
public sealed record AcceleratorRequest(string Name, int Count)
{
    public override string ToString() => $"{Name}:{Count}";
}
