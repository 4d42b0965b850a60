using SkyHedge.Core.Performance;

namespace SkyHedge.Emulator.Tests.Harness;

/// <summary>The core model the emulator must follow, for predictions in tests.</summary>
internal static class EmulatorModel
{
    public static GpuPerformanceModel A10G { get; } = GpuPerformanceModel.For("A10G");

    /// <summary>A request alone on the replica: TTFT, then a gap per further token at its growing context.</summary>
    public static TimeSpan Alone(GpuPerformanceModel model, int promptTokens, int outputTokens)
    {
        var total = model.TimeToFirstToken(promptTokens);
        for (var k = 1; k < outputTokens; k++)
        {
            total += model.TimePerOutputToken(1, promptTokens + k);
        }

        return total;
    }
}
