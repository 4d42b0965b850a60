namespace SkyHedge.Clouds.Fake;

/// <summary>
/// Random throttling for chaos tests (persisted state). Whether call number n is throttled is a pure function of
/// (<see cref="Seed"/>, n), not of a <see cref="Random"/> object's hidden state, so the same seed gives the same
/// faults whichever process makes the call and however often the state file is re-read.
/// </summary>
internal sealed class FakeChaos
{
    public double ThrottleProbability { get; set; }

    public int Seed { get; set; }

    public TimeSpan? RetryAfter { get; set; }

    public bool Throttles(long callNumber) => ThrottleProbability > 0 && Unit(Seed, callNumber) < ThrottleProbability;

    // SplitMix64 finaliser: a well-mixed 64-bit hash; the top 53 bits make a double in [0, 1).
    private static double Unit(int seed, long n)
    {
        var z = unchecked(((ulong)(uint)seed << 32) ^ (ulong)n) + 0x9E3779B97F4A7C15UL;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
