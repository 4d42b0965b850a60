using SkyHedge.Testing;

namespace SkyHedge.Router.Tests.Harness;

/// <summary>One Azurite for every router test class; each harness uses its own table prefix.</summary>
[CollectionDefinition(Name)]
public sealed class RouterTestGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "router";
}
