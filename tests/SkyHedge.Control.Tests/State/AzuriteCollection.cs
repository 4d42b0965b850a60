using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.State;

/// <summary>One Azurite for every state-store test class (xunit requires collection definitions to live in the
/// test assembly). Tests isolate themselves by table prefix, so they never see each other's rows.</summary>
[CollectionDefinition(Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An xunit collection definition; the name says so and other test folders use it.")]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
