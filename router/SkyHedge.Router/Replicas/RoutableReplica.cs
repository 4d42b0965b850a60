namespace SkyHedge.Router.Replicas;

/// <summary>A replica the router may send requests to: a Ready row, or a Draining one that only finishes what it
/// already has.</summary>
/// <param name="Key">The YARP destination id: <c>service/replica id</c>, unique across services.</param>
/// <param name="Address">Base URL of the model server, e.g. <c>http://10.0.0.5:8080</c>.</param>
/// <param name="Token">The replica's own secret, presented as <c>Authorization: Bearer</c>; never logged.</param>
/// <param name="Pool">The canonical GPU id: the pool a routing table names.</param>
/// <param name="Capacity">Relative decode capacity (A10G = 1); load is in-flight requests divided by this.</param>
/// <param name="Draining">True: no new requests; in-flight ones finish.</param>
internal sealed record RoutableReplica(
    string Key, string Service, string Id, string Address, string? Token, string Pool, string Zone, string Market, double Capacity, bool Draining)
{
    public override string ToString() => $"{Key} ({Pool}, {Zone}, {Market}{(Draining ? ", draining" : string.Empty)})";
}
