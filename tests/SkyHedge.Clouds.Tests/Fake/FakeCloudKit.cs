using Microsoft.Extensions.Time.Testing;
using SkyHedge.Clouds.Fake;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds.Tests.Fake;

/// <summary>Builds clocks, locations, requests and clouds (in memory or in a temp file) for the fake-cloud tests.
/// Dispose to delete the temp directory.</summary>
internal sealed class FakeCloudKit : IDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public FakeCloudKit()
    {
        TempDirectory = Path.Combine(Path.GetTempPath(), "skyhedge-fake-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(TempDirectory);
        StatePath = Path.Combine(TempDirectory, "cloud.json");
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public string TempDirectory { get; }

    public string StatePath { get; }

    public static CancellationToken Ct => CancellationToken.None;

    /// <summary>A cloud on <see cref="Clock"/>: in memory, or backed by <see cref="StatePath"/>.</summary>
    public FakeCloud Cloud(bool file) => file ? FakeCloud.OpenFile(StatePath, Clock) : FakeCloud.InMemory(Clock);

    public static Location Zone(char zone = 'a', string cloud = FakeCloudProvider.DefaultCloud) =>
        new(cloud, $"{cloud}-region-1", $"{cloud}-zone-{zone}");

    public static LaunchRequest Request(
        string replicaId, Location? location = null, Market market = Market.Spot, string service = "svc", string? token = null) =>
        new(
            service,
            replicaId,
            new Offering("fake.gpu", Accelerators.A10G, 1, location ?? Zone(), market, market == Market.Spot ? 1.0m : 3.0m),
            new ServiceSpec { Name = service },
            token ?? $"{service}-{replicaId}",
            "replica-secret");

    public void Dispose()
    {
        try
        {
            Directory.Delete(TempDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail a test.
        }
    }
}
