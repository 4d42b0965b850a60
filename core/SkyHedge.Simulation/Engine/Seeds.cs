namespace SkyHedge.Simulation.Engine;

/// <summary>Derives independent, reproducible RNG seeds from (seed, repeat, stream) with SplitMix64, so each
/// repeat's window, zone order and policy randomness depend on those numbers alone — never on which other
/// policies run or in what order.</summary>
public static class Seeds
{
    public const ulong Window = 1;
    public const ulong Policy = 2;
    public const ulong Service = 3;
    public const ulong Arrivals = 4;

    public static int Derive(int seed, int repeat, ulong stream)
    {
        var x = Mix((ulong)(uint)seed);
        x = Mix(x ^ (ulong)(uint)repeat);
        x = Mix(x ^ stream);
        return (int)(x & 0x7FFF_FFFF);
    }

    public static Random Random(int seed, int repeat, ulong stream) => new(Derive(seed, repeat, stream));

    private static ulong Mix(ulong z)
    {
        z += 0x9E37_79B9_7F4A_7C15;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        return z ^ (z >> 31);
    }
}
