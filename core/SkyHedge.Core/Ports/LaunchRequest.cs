using SkyHedge.Core.Model;
using SkyHedge.Core.Spec;

namespace SkyHedge.Core.Ports;

/// <summary>What <see cref="ICloudProvider.LaunchAsync"/> needs.</summary>
/// <param name="Offering">Instance type, accelerator, location, market and price.</param>
/// <param name="Spec">The service spec: image, setup, run, envs, ports for the replica's startup.</param>
/// <param name="IdempotencyToken">Derived from the replica id: the cloud's client token / request id.</param>
/// <param name="ReplicaToken">The per-replica secret the router presents and the notice watcher uses.</param>
public sealed record LaunchRequest(string Service, string ReplicaId, Offering Offering, ServiceSpec Spec, string IdempotencyToken, string ReplicaToken);
