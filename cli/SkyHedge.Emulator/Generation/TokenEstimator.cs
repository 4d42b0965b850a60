namespace SkyHedge.Emulator.Generation;

/// <summary>
/// Counts prompt tokens without a tokenizer: one token per 4 characters (UTF-16 code units), rounded up, at least 1.
/// That is OpenAI's rule of thumb for English under cl100k_base, the tokenizer the router counts with; the two agree
/// to within tens of percent on prose, which is all the emulator needs — its count only drives timing and the
/// <c>usage</c> it reports, and a tokenizer would add megabytes of vocabulary to every replica.
/// </summary>
internal static class TokenEstimator
{
    public const int CharactersPerToken = 4;

    public static int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Math.Max(1, (int)Math.Min(int.MaxValue, ((long)text.Length + CharactersPerToken - 1) / CharactersPerToken));
    }
}
