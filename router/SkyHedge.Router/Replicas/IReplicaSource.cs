namespace SkyHedge.Router.Replicas;

/// <summary>Where the router learns services and replicas: Table Storage in production
/// (<see cref="TableReplicaSource"/>), or a fixed file for benchmarks and fixed servers
/// (<see cref="FileReplicaSource"/>).</summary>
internal interface IReplicaSource
{
    /// <summary>Every service with its Ready and Draining replicas.</summary>
    /// <exception cref="Exception">The source cannot be read (storage down, file malformed): the caller keeps
    /// routing with what it had.</exception>
    Task<IReadOnlyList<ServiceRoutes>> LoadAllAsync(CancellationToken cancellationToken);

    /// <summary>One service, or null when it no longer exists.</summary>
    Task<ServiceRoutes?> LoadServiceAsync(string name, CancellationToken cancellationToken);
}
