using System.Globalization;
using SkyHedge.Core.Model;

namespace SkyHedge.Clouds.Fake;

/// <summary>The start of every fake call: count it, then decide whether a programmed fault or chaos fails it.</summary>
internal static class FakeFaultGate
{
    /// <summary>Counts the call and returns the error to raise instead of doing it (<c>Before</c>), or after doing it
    /// (<c>After</c>, a lost response), or neither.</summary>
    public static (Exception? Before, Exception? After) Enter(
        FakeCloudState state, string cloud, FakeOperation operation, Location? location = null, Market? market = null)
    {
        var key = CountKey(cloud, operation);
        state.CallCounts[key] = state.CallCounts.GetValueOrDefault(key) + 1;
        var callNumber = ++state.CallNumber;

        // Programmed faults fire strictly in the order they were added: the first rule that matches takes the call.
        var rule = state.Faults.Find(r => r.Matches(cloud, operation, location));
        if (rule is not null)
        {
            rule.Remaining--;
            if (rule.Remaining <= 0)
            {
                state.Faults.Remove(rule);
            }

            var error = rule.Fault.ToException(cloud, operation, location, market);
            return rule.Fault.Kind == FakeFaultKind.LostResponse ? (null, error) : (error, null);
        }

        if (state.Chaos is { } chaos && chaos.Throttles(callNumber))
        {
            return (FakeFault.Throttle(chaos.RetryAfter).ToException(cloud, operation, location, market), null);
        }

        return (null, null);
    }

    public static string CountKey(string cloud, FakeOperation operation) =>
        string.Create(CultureInfo.InvariantCulture, $"{cloud}:{operation}");
}
