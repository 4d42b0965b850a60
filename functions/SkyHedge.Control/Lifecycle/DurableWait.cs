using Microsoft.DurableTask;

namespace SkyHedge.Control.Lifecycle;

/// <summary>The one way the orchestrations wait: for an external event, or until an interval has passed.</summary>
internal static class DurableWait
{
    /// <summary>Waits up to <paramref name="interval"/> (plus <see cref="ControlOptions.TimerPadding"/>) for
    /// <paramref name="eventName"/>; null when the time ran out.</summary>
    public static async Task<T?> ForSignalAsync<T>(TaskOrchestrationContext context, string eventName, TimeSpan interval, ControlOptions options)
        where T : struct
    {
        try
        {
            return await context.WaitForExternalEvent<T>(eventName, interval + options.TimerPadding);
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>A plain durable delay of at least <paramref name="interval"/>.</summary>
    public static Task DelayAsync(TaskOrchestrationContext context, TimeSpan interval, ControlOptions options) =>
        context.CreateTimer(interval + options.TimerPadding, CancellationToken.None);
}
