namespace SkyHedge.Clouds.Fake;

/// <summary>State in this process only, guarded by a monitor (no call awaits while holding it).</summary>
internal sealed class InMemoryFakeCloudStore : IFakeCloudStore
{
    private readonly Lock _gate = new();
    private readonly FakeCloudState _state = new();

    public T Update<T>(Func<FakeCloudState, T> change)
    {
        lock (_gate)
        {
            return change(_state);
        }
    }

    public Task<T> UpdateAsync<T>(Func<FakeCloudState, T> change, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Update(change));
    }

    public T Read<T>(Func<FakeCloudState, T> query) => Update(query);
}
