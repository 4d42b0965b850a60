using System.Text;

namespace SkyHedge.Emulator.Generation;

/// <summary>
/// The emulator's output: words from a fixed vocabulary, one per token, chosen by a SplitMix64 sequence seeded with
/// the 64-bit FNV-1a hash of the prompt's UTF-8 bytes. The same prompt gives the same text in every process and on
/// every machine — which is why this does not use <see cref="string.GetHashCode()"/>, randomised per process.
/// </summary>
internal static class DeterministicText
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    private static readonly string[] Vocabulary =
    [
        "the", "replica", "serves", "a", "token", "on", "spot", "capacity", "and", "zone", "price", "drops", "while",
        "router", "sends", "each", "request", "to", "cheapest", "ready", "GPU", "in", "region", "when", "preemption",
        "notice", "arrives", "it", "drains", "then", "fallback", "launches", "on-demand", "so", "latency", "stays",
        "low", "batch", "grows", "memory", "bandwidth", "bounds", "decode", "prefill", "is", "compute", "bound", "cost",
        "per", "hour", "falls", "mix", "of", "accelerators", "hedges", "risk", "across", "clouds", "quietly", "again",
        "model", "answers", "every", "prompt",
    ];

    /// <summary>An endless sequence of tokens for <paramref name="prompt"/>. Every token but a chat answer's first
    /// starts with a space, so the text reads as words whether it continues a prompt or stands alone.</summary>
    public static IEnumerable<string> Tokens(string prompt, bool leadingSpace)
    {
        var state = StableHash(prompt);
        for (var i = 0; ; i++)
        {
            var word = Vocabulary[(int)(Next(ref state) % (ulong)Vocabulary.Length)];
            yield return i == 0 && !leadingSpace ? word : " " + word;
        }
    }

    /// <summary>64-bit FNV-1a of the UTF-8 bytes: stable across processes, runtimes and machines.</summary>
    public static ulong StableHash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = FnvOffset;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }

    private static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
