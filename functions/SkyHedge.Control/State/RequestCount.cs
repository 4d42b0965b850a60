namespace SkyHedge.Control.State;

/// <summary>Requests the router counted for a service in one minute.</summary>
/// <param name="BucketStart">The start of the minute (UTC).</param>
/// <param name="Count">Requests in that minute.</param>
public sealed record RequestCount(DateTimeOffset BucketStart, long Count);
