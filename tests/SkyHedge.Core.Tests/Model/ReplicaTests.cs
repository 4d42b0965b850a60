using SkyHedge.Core.Model;

namespace SkyHedge.Core.Tests.Model;

public sealed class ReplicaTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Replica NewReplica() =>
        new("r-1", "llama", "aws", "us-east-1", "us-east-1a", "g5.xlarge", "A10G", Market.Spot, 0.45m, ReplicaStatus.Pending);

    [Fact]
    public void Transitions_stamp_launch_ready_and_end_times()
    {
        var r = NewReplica()
            .TransitionTo(ReplicaStatus.Provisioning, T0)
            .TransitionTo(ReplicaStatus.Starting, T0.AddMinutes(2))
            .TransitionTo(ReplicaStatus.Ready, T0.AddMinutes(10))
            .TransitionTo(ReplicaStatus.NotReady, T0.AddMinutes(20), "probe failed")
            .TransitionTo(ReplicaStatus.Ready, T0.AddMinutes(21));
        Assert.Equal(T0, r.LaunchTime);
        Assert.Equal(T0.AddMinutes(10), r.ReadyTime); // the first time it became ready
        Assert.Null(r.EndTime);
        Assert.Equal("probe failed", r.Reason);

        var ended = r.TransitionTo(ReplicaStatus.Preempted, T0.AddHours(2), "preempted");
        Assert.Equal(T0.AddHours(2), ended.EndTime);
        Assert.Equal("preempted", ended.Reason);
        Assert.Equal(new Location("aws", "us-east-1", "us-east-1a"), ended.Location);
    }

    [Fact]
    public void Cost_runs_from_launch_to_end_or_now()
    {
        var running = NewReplica().TransitionTo(ReplicaStatus.Provisioning, T0);
        Assert.Equal(0.225m, running.CostUpTo(T0.AddMinutes(30)));
        var ended = running.TransitionTo(ReplicaStatus.Failed, T0.AddHours(2));
        Assert.Equal(0.9m, ended.CostUpTo(T0.AddHours(10)));
        Assert.Equal(0m, NewReplica().CostUpTo(T0.AddHours(1)));
    }

    [Fact]
    public void An_illegal_transition_throws_and_leaves_the_row_unchanged()
    {
        var r = NewReplica();
        Assert.Throws<InvalidOperationException>(() => r.TransitionTo(ReplicaStatus.Ready, T0));
        Assert.Equal(ReplicaStatus.Pending, r.Status);
    }
}
