using NCrontab;
using SkyHedge.Functions.Timers;

namespace SkyHedge.Functions.Tests;

/// <summary>The timer schedules parse as the host parses them (NCRONTAB with seconds: six fields) and fire as often
/// as the control loop needs.</summary>
public sealed class TimerScheduleTests
{
    [Theory]
    [InlineData(WatchdogFunction.Schedule, 1)]
    [InlineData(PreemptionPollerFunction.Schedule, 4)] // AwsNoticesFunction.Schedule is the same string
    public void ScheduleIsSixFieldNcrontabFiringAtTheIntendedRate(string schedule, int perMinute)
    {
        Assert.Equal(6, schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        var parsed = CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        Assert.NotNull(parsed);

        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var fires = parsed.GetNextOccurrences(start.AddTicks(-1), start.AddHours(1)).ToList();
        Assert.Equal(60 * perMinute, fires.Count);
        Assert.All(fires.Zip(fires.Skip(1)), pair => Assert.Equal(TimeSpan.FromMinutes(1.0 / perMinute), pair.Second - pair.First));
    }
}
