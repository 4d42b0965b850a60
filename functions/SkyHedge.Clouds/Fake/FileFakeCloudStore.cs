namespace SkyHedge.Clouds.Fake;

/// <summary>
/// State in one JSON file shared by any number of <see cref="FakeCloud"/> objects and processes.
/// </summary>
/// <remarks>
/// <para><b>Locking.</b> Every operation holds <c>STATE.lock</c> open with <see cref="FileShare.None"/> for its whole
/// read-modify-write. On Linux and macOS .NET implements that with <c>flock(LOCK_EX)</c> on its own open file
/// description, so it excludes other processes and other FileStreams of this process alike, and the kernel drops it
/// when a holder is killed: a crashed process never leaves the cloud locked. A busy lock is retried with short,
/// growing delays up to <see cref="LockTimeout"/>. The lock file is never deleted (deleting it would let two
/// processes lock two different files).</para>
/// <para><b>Atomic writes.</b> The new state is written to <c>STATE.tmp</c>, flushed to disk, then renamed over
/// <c>STATE</c> (<see cref="File.Move(string, string, bool)"/>, a rename(2)). A process killed mid-write leaves at
/// worst a stray <c>STATE.tmp</c>, which nothing reads and the next write overwrites; the state file itself is always
/// the last complete state.</para>
/// </remarks>
internal sealed class FileFakeCloudStore : IFakeCloudStore
{
    private static readonly TimeSpan _maxDelay = TimeSpan.FromMilliseconds(20);

    private readonly string _path;
    private readonly string _lockPath;
    private readonly string _tempPath;

    public FileFakeCloudStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
        _lockPath = _path + ".lock";
        _tempPath = _path + ".tmp";
    }

    /// <summary>How long an operation waits for another holder of the lock before giving up.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public string FullPath => _path;

    /// <summary>Creates the file when missing and removes a stray temp file a crashed writer left.</summary>
    public void Initialize()
    {
        using var held = AcquireLock();
        if (File.Exists(_tempPath))
        {
            File.Delete(_tempPath);
        }

        Save(Load());
    }

    public T Update<T>(Func<FakeCloudState, T> change)
    {
        using var held = AcquireLock();
        return Apply(change, save: true);
    }

    public async Task<T> UpdateAsync<T>(Func<FakeCloudState, T> change, CancellationToken cancellationToken)
    {
        await using var held = await AcquireLockAsync(cancellationToken).ConfigureAwait(false);
        return Apply(change, save: true);
    }

    public T Read<T>(Func<FakeCloudState, T> query)
    {
        using var held = AcquireLock();
        return Apply(query, save: false);
    }

    private T Apply<T>(Func<FakeCloudState, T> change, bool save)
    {
        var state = Load();
        var result = change(state);
        if (save)
        {
            Save(state);
        }

        return result;
    }

    private FakeCloudState Load() =>
        File.Exists(_path) ? FakeCloudJson.Read(File.ReadAllBytes(_path), _path) : new FakeCloudState();

    private void Save(FakeCloudState state)
    {
        using (var stream = new FileStream(_tempPath, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            FakeCloudJson.Write(stream, state);
            stream.Flush(flushToDisk: true);
        }

        File.Move(_tempPath, _path, overwrite: true);
    }

    // The synchronous callers (test set-up calls such as SetCapacity) share the one retry loop below; nothing
    // here runs on a synchronization context, so blocking on it cannot deadlock.
    private FileStream AcquireLock() => AcquireLockAsync(CancellationToken.None).GetAwaiter().GetResult();

    private async Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        var deadline = Environment.TickCount64 + (long)LockTimeout.TotalMilliseconds;
        for (var delay = TimeSpan.FromMilliseconds(1); ; delay = Grow(delay))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryLock() is { } held)
            {
                return held;
            }

            ThrowIfPast(deadline);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private FileStream? TryLock()
    {
        try
        {
            return new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex is not DirectoryNotFoundException and not PathTooLongException)
        {
            // Held by another process or thread (sharing violation / flock EWOULDBLOCK): retry.
            return null;
        }
    }

    private void ThrowIfPast(long deadline)
    {
        if (Environment.TickCount64 > deadline)
        {
            throw new TimeoutException($"Could not lock the fake cloud state {_lockPath} within {LockTimeout.TotalSeconds:0.#} s.");
        }
    }

    private static TimeSpan Grow(TimeSpan delay) => delay * 2 < _maxDelay ? delay * 2 : _maxDelay;
}
