using SkyHedge.Core.Model;
using SkyHedge.Core.Spec;

namespace SkyHedge.Core.Ports;

/// <summary>
/// The one seam to a cloud. The local cloud, the test fakes and the AWS, Azure and GCP adapters all implement it,
/// and the control plane knows nothing else about clouds. Every method may throw <see cref="ThrottledException"/>
/// (retry after the hint, with backoff) and <see cref="UnauthorizedException"/> (stop and tell the operator); the
/// other errors are listed per method. Adapters map their cloud's real error codes onto these types and keep the
/// raw code in <see cref="CloudException.CloudCode"/>.
/// </summary>
public interface ICloudProvider
{
    /// <summary>The cloud id this provider serves (<c>aws</c>, <c>azure</c>, <c>gcp</c>, <c>local</c>, ...).</summary>
    string Cloud { get; }

    /// <summary>
    /// Launches one instance for a replica and returns it (usually <see cref="InstanceState.Pending"/>).
    /// Idempotent on <see cref="LaunchRequest.IdempotencyToken"/>: a second call with the same token returns the
    /// instance the first created (or is creating) and never creates another, so a replayed or crashed
    /// orchestration cannot launch twice. The instance is tagged with the service and replica id so
    /// <see cref="ListAsync"/> finds it again.
    /// </summary>
    /// <exception cref="InsufficientCapacityException">No capacity for this offering in its location and market
    /// (the placer marks the location and tries elsewhere).</exception>
    /// <exception cref="QuotaExceededException">The account's quota would be exceeded.</exception>
    /// <exception cref="InvalidSpecException">The request cannot be valid anywhere (bad image, bad type).</exception>
    Task<CloudInstance> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken);

    /// <summary>The instance as the cloud sees it now, or null when it no longer exists (terminated and
    /// forgotten). A preempted instance that still exists is returned with <see cref="InstanceState.Preempted"/>.</summary>
    Task<CloudInstance?> GetAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Every instance tagged for <paramref name="service"/> (every SkyHedge-tagged instance when null)
    /// that is not yet terminated, including ones being created or stopped.</summary>
    Task<IReadOnlyList<CloudInstance>> ListAsync(string? service, CancellationToken cancellationToken);

    /// <summary>Terminates an instance. Succeeds when it is already gone or terminating (never throws
    /// <see cref="InstanceNotFoundException"/>), so a retried terminate is safe.</summary>
    Task TerminateAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>What can be launched for one entry of a service's <c>any_of</c> in this cloud: instance types per
    /// accelerator, with on-demand and spot prices per location (cheapest first). An entry for another cloud gives
    /// an empty list.</summary>
    /// <exception cref="InvalidSpecException">The entry names a region or instance type this cloud does not
    /// have.</exception>
    Task<IReadOnlyList<Offering>> GetOfferingsAsync(ResourceCandidate candidate, CancellationToken cancellationToken);
}
