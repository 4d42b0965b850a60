namespace SkyHedge.Control.State;

/// <summary>An optimistic update lost the race (HTTP 412) on every attempt; nothing was written by this call.
/// Callers may retry later; a persistent conflict means a hot row (aggregate writes, e.g. request counts).</summary>
public sealed class StateConflictException(string what, int attempts, Exception? inner = null)
    : StateStoreException($"{what}: gave up after {attempts} attempts, each lost to a concurrent writer.", inner)
{
    public string What { get; } = what;

    public int Attempts { get; } = attempts;
}
