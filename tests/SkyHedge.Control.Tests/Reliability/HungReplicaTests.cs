using System.Diagnostics;
using SkyHedge.Control.State;
using SkyHedge.Control.Tests.State;
using SkyHedge.Core.Model;
using SkyHedge.Testing;
using Xunit.Abstractions;
using static SkyHedge.Control.Tests.ControlLoop.ControlLoopHarness;

namespace SkyHedge.Control.Tests.Reliability;

/// <summary>
/// A replica whose model server accepts the readiness probe and never answers (wedged, not dead: its VM runs and
/// its port is open). The probe's own timeout (the spec's <c>readiness_probe.timeout_seconds</c>) must turn each
/// hang into a failed probe, so the replica goes NotReady, then FailedProbing, and is replaced; the replica's
/// orchestration must never wait on the hung request. Overprovisioning keeps the target Ready all along. The test
/// ends once the replacement is launched (its way to Ready is <c>ControlLoopTests</c>' business), to stay within
/// CI's 30 s per scenario.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(AzuriteCollection.Name)]
public sealed class HungReplicaTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Target = 2;
    private const int Overprovision = 1;

    // The harness's service with a 1 s probe timeout (a hung probe is given up quickly) and spot only, so the
    // replacement of the hung replica is the one the test waits for.
    private static readonly string Spec = ControlLoop.ControlLoopHarness.Spec
        .Replace("initial_delay_seconds: 60", "initial_delay_seconds: 60\n    timeout_seconds: 1", StringComparison.Ordinal)
        .Replace("\n    dynamic_ondemand_fallback: true", string.Empty, StringComparison.Ordinal);

    // A probe every 1 s (FastOptions), each given up after the spec's 1 s, 3 failures in a row: FailedProbing after
    // three rounds, ~6 s plus the loop's own steps (~10 s measured). The bounds leave room for a busy runner; a probe
    // without a timeout would never get there.
    private static readonly TimeSpan NotReadyBound = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan FailedProbingBound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_replica_whose_probe_hangs_is_timed_out_to_NotReady_and_replaced_while_the_target_stays_Ready()
    {
        await using var h = await StartAsync(azurite);
        var clock = Stopwatch.StartNew();
        await h.StartServiceAsync("llm", Spec);
        var before = await h.WaitForAsync("llm", rs => Ready(rs) == Target + Overprovision, "3 Ready replicas", seconds: 30);
        var converged = clock.Elapsed;
        var hung = before.First(r => r.Replica.Status == ReplicaStatus.Ready);
        HungTokens[hung.ReplicaToken!] = true;
        var hangAt = DateTimeOffset.UtcNow;
        var fewestReady = int.MaxValue;
        try
        {
            var after = await h.WaitForAsync(
                "llm",
                rs =>
                {
                    fewestReady = Math.Min(fewestReady, Ready(rs));
                    return rs.Single(r => r.Id == hung.Id).Replica.Status == ReplicaStatus.FailedProbing && Replacements(rs, before).Any();
                },
                "the hung replica failed and a replacement launched",
                seconds: 20);
            var seenAt = DateTimeOffset.UtcNow;

            var events = await h.Store.ListEventsAsync("llm", 1000);
            var notReady = events.Where(e => e.ReplicaId == hung.Id && e.ToStatus == ReplicaStatus.NotReady).MinBy(e => e.Time)!;
            var failed = events.Single(e => e.ReplicaId == hung.Id && e.ToStatus == ReplicaStatus.FailedProbing);
            var replacement = Replacements(after, before).First();
            var launched = events.Where(e => e.ReplicaId == replacement.Id).MinBy(e => e.Time)!;
            output.WriteLine(
                $"converged to {Target + Overprovision} Ready in {Secs(converged)}; probe of {hung.Id} hung at 0 s: NotReady at {Secs(notReady.Time - hangAt)} "
                + $"(\"{notReady.Reason}\"), FailedProbing at {Secs(failed.Time - hangAt)} (\"{failed.Reason}\"), replacement {replacement.Id} created at "
                + $"{Secs(launched.Time - hangAt)} ({replacement.Replica.Status} at {Secs(seenAt - hangAt)}); fewest Ready meanwhile {fewestReady} "
                + $"(target {Target}); test {Secs(clock.Elapsed)}");

            Assert.Contains("no answer within 1 s", notReady.Reason, StringComparison.Ordinal);
            Assert.Contains("probes failed in a row (last: no answer within 1 s)", failed.Reason, StringComparison.Ordinal);
            Assert.True(notReady.Time - hangAt <= NotReadyBound, $"NotReady {Secs(notReady.Time - hangAt)} after the hang");
            Assert.True(failed.Time - hangAt <= FailedProbingBound, $"FailedProbing {Secs(failed.Time - hangAt)} after the hang");
            Assert.True(fewestReady >= Target, $"Ready replicas fell to {fewestReady}, below the target {Target}");
            Assert.DoesNotContain(h.Cloud.LiveInstances("llm"), i => i.ReplicaId == hung.Id);
        }
        finally
        {
            HungTokens.TryRemove(hung.ReplicaToken!, out _);
        }
    }

    private static int Ready(IReadOnlyList<ReplicaRecord> rows) => rows.Count(r => r.Replica.Status == ReplicaStatus.Ready);

    private static IEnumerable<ReplicaRecord> Replacements(IReadOnlyList<ReplicaRecord> rows, IReadOnlyList<ReplicaRecord> before) =>
        Live(rows).Where(r => before.All(b => b.Id != r.Id));

    private static string Secs(TimeSpan t) => $"{t.TotalSeconds:0.0} s";
}
