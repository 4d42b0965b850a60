using CsCheck;
using SkyHedge.Core.Model;
using static SkyHedge.Core.Model.ReplicaStatus;

namespace SkyHedge.Core.Tests.Model;

public sealed class ReplicaStateMachineTests
{
    private static readonly ReplicaStatus[] All = Enum.GetValues<ReplicaStatus>();
    private static readonly ReplicaStatus[] TerminalStates = [Terminated, Preempted, FailedProvision, FailedInitialDelay, FailedProbing, Failed, FailedCleanup];

    // The whole edge set, written out once so any change to the machine is a deliberate change here too.
    private static readonly (ReplicaStatus From, ReplicaStatus To)[] Expected =
    [
        (Pending, Provisioning), (Pending, ShuttingDown), (Pending, Failed),
        (Provisioning, Starting), (Provisioning, FailedProvision), (Provisioning, ShuttingDown), (Provisioning, Preempted), (Provisioning, Failed),
        (Starting, Ready), (Starting, FailedInitialDelay), (Starting, ShuttingDown), (Starting, Preempted), (Starting, Failed),
        (Ready, NotReady), (Ready, Draining), (Ready, ShuttingDown), (Ready, Preempted), (Ready, Failed),
        (NotReady, Ready), (NotReady, Draining), (NotReady, FailedProbing), (NotReady, ShuttingDown), (NotReady, Preempted), (NotReady, Failed),
        (Draining, ShuttingDown), (Draining, Preempted), (Draining, Failed),
        (ShuttingDown, Terminated), (ShuttingDown, FailedCleanup), (ShuttingDown, Preempted), (ShuttingDown, Failed),
    ];

    [Fact]
    public void Has_exactly_the_fourteen_SkyServe_states() =>
        Assert.Equal(
            ["Pending", "Provisioning", "Starting", "Ready", "NotReady", "Draining", "ShuttingDown", "Terminated", "Preempted",
             "FailedProvision", "FailedInitialDelay", "FailedProbing", "Failed", "FailedCleanup"],
            All.Select(s => s.ToString()));

    [Fact]
    public void Allows_exactly_the_documented_edges()
    {
        foreach (var from in All)
        {
            foreach (var to in All)
            {
                Assert.True(
                    Expected.Contains((from, to)) == ReplicaStateMachine.CanTransition(from, to),
                    $"{from} -> {to} should be {(Expected.Contains((from, to)) ? "allowed" : "rejected")}");
            }
        }
    }

    [Fact]
    public void The_happy_path_and_a_preemption_after_a_notice_are_allowed()
    {
        ReplicaStatus[] life = [Pending, Provisioning, Starting, Ready, NotReady, Ready, Draining, ShuttingDown, Terminated];
        for (var i = 1; i < life.Length; i++)
        {
            Assert.Equal(life[i], ReplicaStateMachine.Transition(life[i - 1], life[i]));
        }

        Assert.Equal(Preempted, ReplicaStateMachine.Transition(Draining, Preempted));
    }

    [Theory]
    [InlineData(Pending, Ready)]
    [InlineData(Pending, Preempted)] // no instance yet
    [InlineData(Pending, FailedProvision)] // launch failures pass through Provisioning
    [InlineData(Ready, Provisioning)]
    [InlineData(Starting, NotReady)]
    [InlineData(Ready, FailedProbing)] // only after NotReady
    [InlineData(Draining, Ready)]
    [InlineData(Ready, Ready)]
    public void Rejected_edges_throw_with_a_clear_message(ReplicaStatus from, ReplicaStatus to)
    {
        Assert.False(ReplicaStateMachine.CanTransition(from, to));
        var ex = Assert.Throws<InvalidOperationException>(() => ReplicaStateMachine.Transition(from, to));
        Assert.Contains($"cannot change from {from} to {to}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"allowed from {from}:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Terminal_states_have_no_exits()
    {
        Assert.Equal(TerminalStates, All.Where(ReplicaStateMachine.IsTerminal));
        foreach (var terminal in TerminalStates)
        {
            Assert.Empty(ReplicaStateMachine.AllowedFrom(terminal));
            var ex = Assert.Throws<InvalidOperationException>(() => ReplicaStateMachine.Transition(terminal, Pending));
            Assert.Contains($"{terminal} is terminal and has no exits", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Failures_are_the_failed_states_and_preemption_is_not_one()
    {
        Assert.Equal([FailedProvision, FailedInitialDelay, FailedProbing, Failed, FailedCleanup], All.Where(ReplicaStateMachine.IsFailure));
        Assert.False(ReplicaStateMachine.IsFailure(Preempted));
        Assert.True(ReplicaStateMachine.IsTerminal(Preempted));
    }

    [Fact]
    public void Every_non_terminal_state_can_be_shut_down_or_failed_and_reaches_a_terminal_state() =>
        Assert.All(All.Where(s => !ReplicaStateMachine.IsTerminal(s)), s =>
        {
            Assert.True(s == ShuttingDown || ReplicaStateMachine.CanTransition(s, ShuttingDown));
            Assert.True(ReplicaStateMachine.CanTransition(s, Failed));
        });

    [Fact]
    public void Random_walks_only_take_allowed_edges_and_stop_at_terminal_states() =>
        Gen.Int[0, 1000].Array[1, 30].Sample(choices =>
        {
            var state = Pending;
            foreach (var choice in choices)
            {
                var next = ReplicaStateMachine.AllowedFrom(state);
                if (next.Count == 0)
                {
                    return ReplicaStateMachine.IsTerminal(state);
                }

                state = ReplicaStateMachine.Transition(state, next[choice % next.Count]);
            }

            return true;
        });
}
