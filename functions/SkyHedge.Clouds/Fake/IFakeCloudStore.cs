namespace SkyHedge.Clouds.Fake;

/// <summary>Where a <see cref="FakeCloud"/> keeps its state. Each call runs its function on the whole state under
/// mutual exclusion (threads, and for the file store processes) and keeps what it changed.</summary>
internal interface IFakeCloudStore
{
    /// <summary>Read-modify-write. The function must not throw after it starts changing the state: the in-memory
    /// store cannot roll back (the file store simply does not save).</summary>
    T Update<T>(Func<FakeCloudState, T> change);

    /// <inheritdoc cref="Update"/>
    Task<T> UpdateAsync<T>(Func<FakeCloudState, T> change, CancellationToken cancellationToken);

    /// <summary>A consistent read; changes made by <paramref name="query"/> are not kept.</summary>
    T Read<T>(Func<FakeCloudState, T> query);
}
