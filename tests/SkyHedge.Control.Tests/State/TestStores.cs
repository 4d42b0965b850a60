using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.State;

/// <summary>A store with its own table prefix on the shared Azurite, plus raw access to its tables.</summary>
internal sealed class TestStores
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly AzuriteFixture _azurite;

    public TestStores(AzuriteFixture azurite, int maxAttempts = 12, int historyLimit = 50)
    {
        _azurite = azurite;
        Prefix = "t" + Guid.NewGuid().ToString("N")[..20];
        Clock = new FakeTimeProvider(T0);
        Store = new TableStateStore(
            azurite.ConnectionString,
            new TableStateStoreOptions { TablePrefix = Prefix, MaxAttempts = maxAttempts, PreemptionHistoryLimit = historyLimit },
            Clock);
    }

    public string Prefix { get; }

    public FakeTimeProvider Clock { get; }

    public TableStateStore Store { get; }

    /// <summary>The store's table, bypassing it (to show what a blind write would do, or to read raw rows).</summary>
    public TableClient RawTable(string name) => new TableServiceClient(_azurite.ConnectionString).GetTableClient(Prefix + name);

    public static Replica Replica(string id = "r-1", ReplicaStatus status = ReplicaStatus.Pending, string service = "llama") =>
        new(id, service, "aws", "us-east-1", "us-east-1a", "g5.xlarge", "A10G", Market.Spot, 0.4512m, status);

    public static ReplicaRecord Record(string id = "r-1", ReplicaStatus status = ReplicaStatus.Pending, string service = "llama") =>
        new(Replica(id, status, service), SpecVersion: 1, IdempotencyToken: $"launch-{id}");
}
