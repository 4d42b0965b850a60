using System.Globalization;
using System.Text;

namespace SkyHedge.Emulator.Serving;

/// <summary>
/// What the replica has served, exposed at <c>GET /metrics</c> in the Prometheus text format under vLLM's metric
/// names (so dashboards written for vLLM read it): finished requests, prompt and generated tokens, and how many
/// requests fell in each prompt-size range. Counts, never prompts.
/// </summary>
internal sealed class ServingMetrics
{
    /// <summary>Upper bounds of the prompt-size histogram (tokens), as vLLM's <c>request_prompt_tokens</c>.</summary>
    private static readonly int[] PromptBuckets = [64, 128, 256, 512, 1024, 2048, 4096];

    private readonly long[] _promptCounts = new long[PromptBuckets.Length + 1];
    private readonly string _model;
    private long _requests;
    private long _promptTokens;
    private long _generatedTokens;

    public ServingMetrics(string model) => _model = model;

    /// <summary>Counts a request that produced all its tokens.</summary>
    public void Finished(int promptTokens, int generatedTokens)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _promptTokens, promptTokens);
        Interlocked.Add(ref _generatedTokens, generatedTokens);
        var bucket = Array.FindIndex(PromptBuckets, b => promptTokens <= b);
        Interlocked.Increment(ref _promptCounts[bucket < 0 ? PromptBuckets.Length : bucket]);
    }

    /// <summary>The Prometheus exposition.</summary>
    public string Render()
    {
        var label = $"model_name=\"{_model}\"";
        var text = new StringBuilder();
        void Counter(string name, string help, long value) =>
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name}{{{label}}} {value}\n");
        Counter("vllm:request_success_total", "Requests that finished.", Interlocked.Read(ref _requests));
        Counter("vllm:prompt_tokens_total", "Prompt tokens of finished requests.", Interlocked.Read(ref _promptTokens));
        Counter("vllm:generation_tokens_total", "Tokens generated for finished requests.", Interlocked.Read(ref _generatedTokens));
        text.Append("# HELP vllm:request_prompt_tokens Prompt tokens per finished request.\n# TYPE vllm:request_prompt_tokens histogram\n");
        long cumulative = 0;
        for (var i = 0; i <= PromptBuckets.Length; i++)
        {
            cumulative += Interlocked.Read(ref _promptCounts[i]);
            var le = i < PromptBuckets.Length ? PromptBuckets[i].ToString(CultureInfo.InvariantCulture) : "+Inf";
            text.Append(CultureInfo.InvariantCulture, $"vllm:request_prompt_tokens_bucket{{{label},le=\"{le}\"}} {cumulative}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"vllm:request_prompt_tokens_count{{{label}}} {cumulative}\nvllm:request_prompt_tokens_sum{{{label}}} {Interlocked.Read(ref _promptTokens)}\n");
        return text.ToString();
    }
}
