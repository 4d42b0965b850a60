namespace SkyHedge.Clouds.Fake;

/// <summary>The <see cref="Core.Ports.ICloudProvider"/> calls a <see cref="FakeCloud"/> counts and can fail on purpose.</summary>
public enum FakeOperation
{
    Launch,
    Get,
    List,
    Terminate,
    GetOfferings,
}
