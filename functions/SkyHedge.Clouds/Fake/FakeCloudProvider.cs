using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds.Fake;

/// <summary>
/// An <see cref="ICloudProvider"/> for one cloud id over a <see cref="FakeCloud"/>: programmable capacity, launch
/// latency, faults and preemptions, with counters for leak and duplicate assertions. Several providers (say
/// <c>aws</c> and <c>gcp</c>) may share one <see cref="FakeCloud"/>; each sees only its own cloud's instances.
/// </summary>
/// <remarks>
/// Error contract, on top of <see cref="ICloudProvider"/>'s: any call may fail with a fault programmed through
/// <see cref="FakeCloud.Fail"/> or <see cref="FakeCloud.SetThrottleChaos"/>, and a <see cref="FakeFaultKind.LostResponse"/>
/// fault surfaces as <see cref="TimeoutException"/> after the call took effect. Launch accepts any instance type and
/// location of this cloud (program rejections with faults); it throws <see cref="InvalidSpecException"/> for an
/// offering of another cloud or for an idempotency token reused with a different replica or offering
/// (<c>IdempotentParameterMismatch</c>, as EC2 does).
/// </remarks>
public sealed class FakeCloudProvider : ICloudProvider
{
    /// <summary>The cloud id used when none is given.</summary>
    public const string DefaultCloud = "fake";

    private readonly Func<LaunchRequest, string, string>? _addressFactory;

    /// <param name="cloud">The world this provider lives in.</param>
    /// <param name="cloudId">The cloud id it serves: lower case, as in <see cref="Location.Cloud"/>.</param>
    /// <param name="addressFactory">Makes an instance's <see cref="CloudInstance.Address"/> from the launch request
    /// and the new instance id (for example a loopback server's URL); default <c>fake://{cloud}/{instanceId}</c>.
    /// Called once, at launch; the address is stored and reported while the instance is Running.</param>
    public FakeCloudProvider(FakeCloud cloud, string cloudId = DefaultCloud, Func<LaunchRequest, string, string>? addressFactory = null)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentException.ThrowIfNullOrWhiteSpace(cloudId);
        if (cloudId.Any(char.IsUpper) || cloudId.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Cloud ids are lower case without ':', got '{cloudId}'.", nameof(cloudId));
        }

        FakeCloud = cloud;
        Cloud = cloudId;
        _addressFactory = addressFactory;
    }

    /// <inheritdoc/>
    public string Cloud { get; }

    /// <summary>The shared world, for programming and assertions.</summary>
    public FakeCloud FakeCloud { get; }

    /// <inheritdoc/>
    /// <remarks>A token seen before returns that instance as it is now, even Pending, Preempted or Terminated, and
    /// counts a <see cref="FakeCloud.DuplicateLaunchAttempts"/>. Capacity: pending and running instances of the
    /// same (location, market) count against <see cref="FakeCloud.SetCapacity"/>; beyond it the launch throws
    /// <see cref="InsufficientCapacityException"/> with code <c>InsufficientInstanceCapacity</c>.</remarks>
    public async Task<CloudInstance> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyToken, nameof(request));
        var outcome = await FakeCloud.RunAsync(
            (state, now) => FakeCloudOperations.Launch(state, now, Cloud, request, _addressFactory), cancellationToken).ConfigureAwait(false);
        return outcome.GetOrThrow();
    }

    /// <inheritdoc/>
    /// <remarks>Terminated instances are kept and returned as <see cref="InstanceState.Terminated"/>; null only for an
    /// id this cloud never launched.</remarks>
    public async Task<CloudInstance?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var outcome = await FakeCloud.RunAsync(
            (state, now) => FakeCloudOperations.Get(state, now, Cloud, instanceId), cancellationToken).ConfigureAwait(false);
        return outcome.GetOrThrow();
    }

    /// <inheritdoc/>
    /// <remarks>Pending, Running and Preempted (not yet reaped) instances, oldest first.</remarks>
    public async Task<IReadOnlyList<CloudInstance>> ListAsync(string? service, CancellationToken cancellationToken)
    {
        var outcome = await FakeCloud.RunAsync(
            (state, now) => FakeCloudOperations.List(state, now, Cloud, service), cancellationToken).ConfigureAwait(false);
        return outcome.GetOrThrow();
    }

    /// <inheritdoc/>
    /// <remarks>Immediate: the instance is Terminated when the call returns, and stays in the state for audits.</remarks>
    public async Task TerminateAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var outcome = await FakeCloud.RunAsync(
            (state, now) => FakeCloudOperations.Terminate(state, now, Cloud, instanceId), cancellationToken).ConfigureAwait(false);
        outcome.GetOrThrow();
    }

    /// <inheritdoc/>
    /// <remarks>From <see cref="FakeCloud.SetOfferings"/> or the default set, filtered by the candidate's regions,
    /// zones, accelerators (name and count) and instance type.</remarks>
    public async Task<IReadOnlyList<Offering>> GetOfferingsAsync(ResourceCandidate candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var outcome = await FakeCloud.RunAsync(
            (state, _) => FakeCloudOperations.Offerings(state, Cloud, candidate), cancellationToken).ConfigureAwait(false);
        return outcome.GetOrThrow();
    }
}
