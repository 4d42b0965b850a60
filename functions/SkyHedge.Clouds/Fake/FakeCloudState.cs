using System.Text.Json.Serialization;
using SkyHedge.Core.Model;

namespace SkyHedge.Clouds.Fake;

/// <summary>
/// Everything a <see cref="FakeCloud"/> knows, as one document: the in-memory store keeps it as is, the file store
/// serialises it to one JSON file (<see cref="FakeCloudJson"/>). Every operation is a read-modify-write of the whole
/// document, which is what makes the file store's atomic replace enough for crash safety.
/// </summary>
internal sealed class FakeCloudState
{
    public const string FormatName = "skyhedge-fake-cloud";
    public const int CurrentVersion = 1;

    /// <summary>Key of the launch latency that applies to clouds without their own.</summary>
    public const string AnyCloud = "*";

    // Empty until written (FakeCloudJson.Write stamps them), so a JSON file without them is recognised as foreign.
    public string Format { get; set; } = "";

    public int Version { get; set; }

    /// <summary>Source of instance ids.</summary>
    public long NextSequence { get; set; } = 1;

    /// <summary>Every call counted so far (all clouds, all operations); drives <see cref="FakeChaos"/>.</summary>
    public long CallNumber { get; set; }

    /// <summary>Every instance ever launched, terminated ones included (audit trail).</summary>
    public List<FakeInstanceRecord> Instances { get; set; } = [];

    public List<FakeCapacityRecord> Capacities { get; set; } = [];

    public List<FakeFaultRule> Faults { get; set; } = [];

    public FakeChaos? Chaos { get; set; }

    /// <summary>Per cloud id, or <see cref="AnyCloud"/>.</summary>
    // Populate keeps the case-insensitive comparer when the file is read back (a replaced dictionary would be ordinal).
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public Dictionary<string, TimeSpan> LaunchLatency { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>After this long a preempted instance counts as terminated (reaped by the cloud); null = never.</summary>
    public TimeSpan? ReapDelay { get; set; }

    /// <summary>Programmed offerings per cloud id; clouds without an entry get the default set.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public Dictionary<string, List<Offering>> Offerings { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Keyed <c>cloud:operation</c>.</summary>
    public Dictionary<string, int> CallCounts { get; set; } = new(StringComparer.Ordinal);

    public int DuplicateLaunchAttempts { get; set; }

    public TimeSpan LatencyFor(string cloud) =>
        LaunchLatency.TryGetValue(cloud, out var own) ? own
        : LaunchLatency.TryGetValue(AnyCloud, out var any) ? any
        : TimeSpan.Zero;

    public FakeInstanceRecord? Find(string instanceId) =>
        Instances.Find(i => string.Equals(i.InstanceId, instanceId, StringComparison.Ordinal));
}
