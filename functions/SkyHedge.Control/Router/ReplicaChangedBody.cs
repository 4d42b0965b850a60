using System.Text.Json.Serialization;

namespace SkyHedge.Control.Router;

/// <summary>The body of <c>POST /internal/replicas/changed</c>: <c>{"service", "replica", "status"}</c>, the status
/// as the <see cref="Core.Model.ReplicaStatus"/> member name (e.g. <c>Draining</c>).</summary>
internal sealed record ReplicaChangedBody(
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("replica")] string Replica,
    [property: JsonPropertyName("status")] string Status);
