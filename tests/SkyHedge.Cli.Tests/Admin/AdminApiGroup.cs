using SkyHedge.Testing;

namespace SkyHedge.Cli.Tests.Admin;

/// <summary>Admin-verb tests share one Azurite; each test serves its own admin API over its own tables.</summary>
[CollectionDefinition(Name)]
public sealed class AdminApiGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "admin api";
}
