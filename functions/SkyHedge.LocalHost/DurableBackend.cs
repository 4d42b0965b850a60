namespace SkyHedge.LocalHost;

/// <summary>Where the local durable engine keeps orchestration state.</summary>
public enum DurableBackend
{
    /// <summary>In memory: fast, for tests; lost when the process ends.</summary>
    InMemory,

    /// <summary>Azure Storage queues and tables (Azurite locally): a killed process resumes where it stopped.</summary>
    AzureStorage,
}
