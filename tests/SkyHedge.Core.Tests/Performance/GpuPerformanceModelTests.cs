using SkyHedge.Core.Catalog;
using SkyHedge.Core.Performance;

namespace SkyHedge.Core.Tests.Performance;

public sealed class GpuPerformanceModelTests
{
    public static TheoryData<string> Gpus => [.. GpuCatalog.Default.All.Select(g => g.Id)];

    [Fact]
    public void Llama_2_7B_needs_14_GB_of_weights_and_half_a_MiB_of_KV_cache_per_token()
    {
        var model = ModelProfile.Llama2_7B;

        Assert.Equal(14e9, model.WeightBytes);
        Assert.Equal(512 * 1024, model.KvBytesPerToken);
    }

    [Theory]
    [MemberData(nameof(Gpus))]
    public void Time_to_first_token_grows_with_the_prompt(string gpu)
    {
        var model = GpuPerformanceModel.For(gpu);

        Assert.True(model.TimeToFirstToken(1) < model.TimeToFirstToken(128));
        Assert.True(model.TimeToFirstToken(128) < model.TimeToFirstToken(1024));
        Assert.True(model.TimeToFirstToken(1024) < model.TimeToFirstToken(4000));
    }

    [Theory]
    [MemberData(nameof(Gpus))]
    public void Time_per_output_token_grows_with_the_batch_and_the_context(string gpu)
    {
        var model = GpuPerformanceModel.For(gpu);

        for (var batch = 1; batch < 64; batch++)
        {
            Assert.True(model.TimePerOutputToken(batch, 512) <= model.TimePerOutputToken(batch + 1, 512), $"{gpu} at {batch}");
        }

        Assert.True(model.TimePerOutputToken(1, 512) < model.TimePerOutputToken(2, 512));
        Assert.True(model.DecodeStepTime(4, 256) < model.DecodeStepTime(4, 2048));
    }

    [Fact]
    public void A_faster_gpu_answers_sooner()
    {
        var h100 = GpuPerformanceModel.For("H100");
        var a100 = GpuPerformanceModel.For("A100-80GB");
        var a10g = GpuPerformanceModel.For("A10G");

        foreach (var prompt in new[] { 16, 128, 1024, 4000 })
        {
            Assert.True(h100.TimeToFirstToken(prompt) < a100.TimeToFirstToken(prompt), $"TTFT {prompt}");
            Assert.True(a100.TimeToFirstToken(prompt) < a10g.TimeToFirstToken(prompt), $"TTFT {prompt}");
        }

        foreach (var concurrency in new[] { 1, 8, 32 })
        {
            Assert.True(h100.TimePerOutputToken(concurrency, 1024) < a100.TimePerOutputToken(concurrency, 1024), $"TPOT {concurrency}");
            Assert.True(a100.TimePerOutputToken(concurrency, 1024) < a10g.TimePerOutputToken(concurrency, 1024), $"TPOT {concurrency}");
        }
    }

    [Fact]
    public void An_A10G_decode_step_at_batch_1_is_about_the_weights_over_the_usable_bandwidth()
    {
        var step = GpuPerformanceModel.For("A10G").DecodeStepTime(1, 0);

        // 14 GB / (600 GB/s × 0.8) = 29 ms, plus 3 ms + 30 µs of CPU; allow ±50% so retuning a utilisation does not
        // break this, only a unit slip.
        Assert.InRange(step.TotalMilliseconds, 32 * 0.5, 32 * 1.5);
        Assert.Equal((14e9 / (600e9 * 0.8)) + 0.003 + 30e-6, step.TotalSeconds, tolerance: 1e-6);
    }

    [Fact]
    public void An_A10G_prefill_of_1024_tokens_is_the_flops_over_half_the_tensor_peak()
    {
        var prefill = GpuPerformanceModel.For("A10G").PrefillTime(1024);

        Assert.Equal(2 * 7e9 * 1024 / (125e12 * 0.5), prefill.TotalSeconds, tolerance: 1e-6); // 229 ms
    }

    [Theory]
    [InlineData("A10G", 19073, 18)]
    [InlineData("T4", 3814, 3)] // 16 GB − 14 GB of weights leaves 2 GB for the KV cache
    [InlineData("H100", 125885, 122)]
    public void The_kv_cache_is_the_memory_left_beside_the_weights(string gpu, long tokens, int batchAt1024)
    {
        var model = GpuPerformanceModel.For(gpu);

        Assert.True(model.Fits);
        Assert.Equal(tokens, model.KvCapacityTokens);
        Assert.Equal(batchAt1024, model.MaxBatch(1024));
        Assert.Equal((int)Math.Min(4096, tokens), model.MaxContextTokens);
    }

    [Fact]
    public void Beyond_a_full_batch_requests_share_the_steps_so_throughput_stops_growing()
    {
        var t4 = GpuPerformanceModel.For("T4"); // 3 sequences of 1024 tokens fit

        Assert.Equal(t4.DecodeStepTime(3, 1024), t4.TimePerOutputToken(3, 1024));
        Assert.Equal(t4.DecodeStepTime(3, 1024) * 2, t4.TimePerOutputToken(4, 1024));
        Assert.Equal(t4.DecodeStepTime(3, 1024) * 2, t4.TimePerOutputToken(6, 1024));
        Assert.Equal(t4.OutputTokensPerSecond(3, 1024), t4.OutputTokensPerSecond(6, 1024), 6);
    }

    [Fact]
    public void At_huge_batches_the_compute_roof_takes_over_from_bandwidth()
    {
        var h100 = GpuPerformanceModel.For("H100");

        var step = h100.DecodeStepTime(4096, 0).TotalSeconds;

        var cpu = 0.003 + (4096 * 30e-6);
        Assert.Equal((2 * 7e9 * 4096 / (989e12 * 0.5)) + cpu, step, tolerance: 1e-6);
        Assert.True(step - cpu > 14e9 / (3350e9 * 0.8));
    }

    [Fact]
    public void A_model_too_big_for_the_memory_has_zero_capacity_and_its_times_say_why()
    {
        var llama13B = ModelProfile.Llama2_7B with { Name = "Llama-2-13B", Parameters = 13e9, Layers = 40, HiddenSize = 5120 };
        var t4 = new GpuPerformanceModel(GpuCatalog.Default.Find("T4")!, llama13B);

        Assert.False(t4.Fits);
        Assert.Equal(0, t4.KvCapacityTokens);
        Assert.Equal(0, t4.MaxBatch(1));
        Assert.Equal(0, t4.MaxContextTokens);
        var error = Assert.Throws<InvalidOperationException>(() => t4.TimeToFirstToken(10));
        Assert.Equal("Llama-2-13B does not fit on T4: 26 GB of weights plus KV cache, 16 GB of memory.", error.Message);
        Assert.Throws<InvalidOperationException>(() => t4.TimePerOutputToken(1, 10));
    }

    [Fact]
    public void A_sequence_longer_than_the_kv_cache_has_no_time_per_token()
    {
        var t4 = GpuPerformanceModel.For("T4");

        Assert.Equal(0, t4.MaxBatch(4000));
        var error = Assert.Throws<InvalidOperationException>(() => t4.TimePerOutputToken(1, 4000));
        Assert.Contains("4000 tokens does not fit in the KV cache of Llama-2-7B on T4 (3814 tokens)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_arguments_are_rejected()
    {
        var model = GpuPerformanceModel.For("A10G");

        Assert.Throws<ArgumentOutOfRangeException>(() => model.TimeToFirstToken(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.DecodeStepTime(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.DecodeStepTime(1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.TimePerOutputToken(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.MaxBatch(0));
    }

    [Theory]
    [InlineData("a10g")]
    [InlineData("A10G (PCIe)")]
    [InlineData("A10")]
    public void Gpus_are_found_by_alias(string name) => Assert.Equal("A10G", GpuPerformanceModel.For(name).Gpu.Id);

    [Fact]
    public void A_gpu_without_a_spec_is_named_with_those_that_have_one()
    {
        var error = Assert.Throws<ArgumentException>(() => GpuPerformanceModel.For("V100-32GB"));

        Assert.Contains("No GPU spec for 'V100-32GB'. GPUs with specs: T4, L4, A10G, V100, A100, A100-80GB, H100.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0, 0.8, "ComputeUtilization must be in (0, 1], got 0")]
    [InlineData(0.5, 1.5, "BandwidthUtilization must be in (0, 1], got 1.5")]
    public void A_profile_out_of_range_is_rejected_by_name(double compute, double bandwidth, string expected)
    {
        var profile = ModelProfile.Llama2_7B with { ComputeUtilization = compute, BandwidthUtilization = bandwidth };

        var error = Assert.Throws<ArgumentException>(() => new GpuPerformanceModel(GpuCatalog.Default.Find("L4")!, profile));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
