namespace SkyHedge.Control.Keys;

/// <summary>What an API key may do. An admin key may also call the inference endpoints (see
/// <see cref="ApiKeyIdentity.Allows"/>); an inference key may not touch the admin API.</summary>
public enum ApiKeyScope
{
    /// <summary>Send inference requests through the router.</summary>
    Inference,

    /// <summary>Everything: the admin API (services, replicas, keys) and inference.</summary>
    Admin,
}
