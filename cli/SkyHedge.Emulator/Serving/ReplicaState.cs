namespace SkyHedge.Emulator.Serving;

/// <summary>Where the replica is in its life: warming up (model loading) from start until the warm-up has passed,
/// then serving, then draining once an interruption notice (SIGTERM, Ctrl+C) or a stop arrived.</summary>
internal sealed class ReplicaState(TimeProvider time, TimeSpan warmup)
{
    private long _started = -1;
    private volatile bool _draining;

    /// <summary>True after <see cref="StartDraining"/>: new requests are refused.</summary>
    public bool Draining => _draining;

    /// <summary>Warm-up still to go; the whole warm-up until <see cref="Start"/>.</summary>
    public TimeSpan WarmupLeft
    {
        get
        {
            var started = Interlocked.Read(ref _started);
            if (started < 0)
            {
                return warmup;
            }

            var left = warmup - time.GetElapsedTime(started);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public bool IsWarm => WarmupLeft == TimeSpan.Zero;

    /// <summary>The server is listening: the warm-up starts now.</summary>
    public void Start() => Interlocked.CompareExchange(ref _started, time.GetTimestamp(), -1);

    public void StartDraining() => _draining = true;
}
