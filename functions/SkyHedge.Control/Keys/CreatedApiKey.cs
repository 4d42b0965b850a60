namespace SkyHedge.Control.Keys;

/// <summary>A key just created. <see cref="Key"/> exists only here: the store keeps its hash, so it cannot be shown
/// again. <see cref="ToString"/> redacts it so a log line never carries it.</summary>
public sealed record CreatedApiKey(string Id, string Key, ApiKeyScope Scope)
{
    public override string ToString() => $"CreatedApiKey {{ Id = {Id}, Key = ***, Scope = {Scope} }}";
}
