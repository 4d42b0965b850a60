namespace SkyHedge.Control.Controller;

/// <summary>Names for signalling controllers.</summary>
public static class ServiceSignals
{
    public const string EventName = "service-signal";
}
