namespace SkyHedge.Router;

/// <summary>The router's settings (configuration section <c>SkyHedge:Router</c>; README lists them). Defaults are
/// for production.</summary>
public sealed class RouterOptions
{
    /// <summary>A JSON file of services and replicas to route to instead of Table Storage (see
    /// <c>FileReplicaSource</c>); null: read the control plane's tables.</summary>
    public string? ReplicasFile { get; set; }

    /// <summary>How often the replica set is re-read (SkyServe syncs every 20 s; the control plane also pushes
    /// every transition, so this only bounds how stale a missed push can leave the router).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest request body accepted (413 above). Prompts of 100 K tokens are ~400 KB of JSON.</summary>
    public long MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Sustained requests per second per API key (token bucket refill).</summary>
    public int RateLimitPerSecond { get; set; } = 100;

    /// <summary>Burst per API key (token bucket size).</summary>
    public int RateLimitBurst { get; set; } = 200;

    /// <summary>Requests held per service while it has no Ready replica (503 beyond).</summary>
    public int QueueLimit { get; set; } = 256;

    /// <summary>How long a held request waits for a replica before 503 with Retry-After.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Tries per request, the first included (retries go to other replicas).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Base of the jittered backoff between tries (attempt n waits up to n × this).</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Longest silence from a replica (no headers, no bytes) before the try fails and is retried. A
    /// non-streamed generation of a long answer sends nothing until it is done, hence the generous default.</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Longest wait for a TCP connection to a replica. A preempted VM's address often just stops answering
    /// (no refusal), and without this limit a try would wait for the operating system's own connect timeout
    /// before going elsewhere.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a replica that refused or reset a connection is tried only when nothing else is left.</summary>
    public TimeSpan SuspectFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Non-streamed responses are held up to this size so a replica dying mid-answer can still be retried;
    /// bigger ones pass through once the limit is reached.</summary>
    public int ResponseBufferBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a verified (or rejected) API key is remembered: a revocation takes effect within this.</summary>
    public TimeSpan KeyCacheTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often request counts are written to Table Storage for the autoscaler.</summary>
    public TimeSpan CountFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Output tokens assumed when a request has no <c>max_tokens</c> and the spec's
    /// <c>mix.default_max_tokens</c> is unset.</summary>
    public int DefaultMaxTokens { get; set; } = 256;

    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        Positive(PollInterval, nameof(PollInterval));
        Positive(QueueTimeout, nameof(QueueTimeout));
        Positive(UpstreamTimeout, nameof(UpstreamTimeout));
        Positive(ConnectTimeout, nameof(ConnectTimeout));
        Positive(KeyCacheTtl, nameof(KeyCacheTtl));
        Positive(CountFlushInterval, nameof(CountFlushInterval));
        if (RetryBackoff < TimeSpan.Zero || SuspectFor < TimeSpan.Zero)
        {
            throw new ArgumentException("SkyHedge:Router:RetryBackoff and SuspectFor must not be negative.");
        }

        if (MaxBodyBytes <= 0 || RateLimitPerSecond <= 0 || RateLimitBurst <= 0 || QueueLimit < 0 || MaxAttempts is < 1 or > 10
            || ResponseBufferBytes < 0 || DefaultMaxTokens <= 0)
        {
            throw new ArgumentException(
                "SkyHedge:Router: MaxBodyBytes, RateLimitPerSecond, RateLimitBurst and DefaultMaxTokens must be positive, "
                + "QueueLimit and ResponseBufferBytes not negative, MaxAttempts 1-10.");
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"SkyHedge:Router:{name} must be positive, got {value}.");
        }
    }
}
