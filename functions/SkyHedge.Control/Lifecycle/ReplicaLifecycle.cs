using Microsoft.DurableTask;
using SkyHedge.Core.Model;
using S = SkyHedge.Core.Model.ReplicaStatus;

namespace SkyHedge.Control.Lifecycle;

/// <summary>
/// One replica's life, as a durable orchestration: launch (idempotent: the cloud's client token is the replica
/// id), wait until running, probe until Ready or the initial delay passes, monitor (probe failures → NotReady →
/// replaced; preemption → Preempted; notice or drain → Draining), shut down. Each step re-reads the replica's row
/// and moves it through the core state machine, so a replayed, crashed or restarted orchestration picks up from
/// the row and never launches twice. Deterministic: time from the context, waits on durable timers and events.
/// </summary>
public sealed class ReplicaLifecycle : TaskOrchestrator<ReplicaLifecycleInput, S>
{
    public override async Task<S> RunAsync(TaskOrchestrationContext context, ReplicaLifecycleInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var steps = new Steps(context, input);
        for (var loop = 0; loop < input.Options.LoopsPerGeneration; loop++)
        {
            var progress = await context.CallActivityAsync<ReplicaProgress>(ActivityNames.LoadReplica, input.Key);
            if (!progress.Exists || ReplicaStateMachine.IsTerminal(progress.Status))
            {
                return progress.Status;
            }

            await steps.RunAsync(progress);
        }

        // Bound the history of a long-lived replica: start over from the row, keeping the probe count.
        context.ContinueAsNew(input with { FailedProbes = steps.FailedProbes });
        return S.Ready;
    }

    /// <summary>One step per call: each moves the row at most one state forward, or waits one interval.</summary>
    private sealed class Steps(TaskOrchestrationContext context, ReplicaLifecycleInput input)
    {
        private readonly ControlOptions _o = input.Options;

        public int FailedProbes { get; private set; } = input.FailedProbes;

        public Task RunAsync(ReplicaProgress p) => p.Status switch
        {
            S.Pending => MoveAsync(S.Provisioning, "launching"),
            S.Provisioning => LaunchAsync(),
            S.Starting => StartingAsync(p),
            S.Ready or S.NotReady => MonitorAsync(p.Status),
            S.Draining => DrainAsync(),
            S.ShuttingDown => ShutDownAsync(S.Terminated, "terminated"),
            _ => Task.CompletedTask,
        };

        private async Task LaunchAsync()
        {
            for (var attempt = 0; attempt <= _o.MaxThrottleRetries; attempt++)
            {
                var outcome = await context.CallActivityAsync<LaunchOutcome>(ActivityNames.LaunchReplica, input.Key);
                if (outcome.Launched)
                {
                    await MoveAsync(S.Starting, $"instance {outcome.InstanceId} launched", outcome.InstanceId);
                    return;
                }

                if (outcome.Failure != LaunchFailure.Throttled)
                {
                    await MoveAsync(S.FailedProvision, $"{outcome.Failure}: {outcome.Message}");
                    return;
                }

                // Jittered exponential backoff is the cloud's hint or 2^attempt seconds, capped at a minute; jitter
                // comes from the deterministic context so a replay waits the same.
                var backoff = outcome.RetryAfterSeconds ?? Math.Min(60, Math.Pow(2, attempt));
                var jitter = 1 + ((context.NewGuid().GetHashCode() & 0xFF) / 1024.0);
                await context.CreateTimer(TimeSpan.FromSeconds(backoff * jitter), CancellationToken.None);
            }

            await MoveAsync(S.FailedProvision, $"throttled {_o.MaxThrottleRetries + 1} times");
        }

        private async Task StartingAsync(ReplicaProgress p)
        {
            var check = await context.CallActivityAsync<InstanceCheck>(ActivityNames.CheckInstance, input.Key);
            if (check.Lost)
            {
                await ShutDownAsync(S.Preempted, "instance lost before it was ready");
                return;
            }

            if (check.State == Core.Ports.InstanceState.Running)
            {
                var probe = await context.CallActivityAsync<Probing.ProbeResult>(ActivityNames.ProbeReplica, input.Key);
                if (probe.Ready)
                {
                    FailedProbes = 0;
                    await MoveAsync(S.Ready, "readiness probe succeeded");
                    return;
                }
            }

            var elapsed = context.CurrentUtcDateTime - (p.LaunchTime?.UtcDateTime ?? context.CurrentUtcDateTime);
            if (check.State != Core.Ports.InstanceState.Running && elapsed > _o.ProvisionTimeout)
            {
                await ShutDownAsync(S.FailedProvision, $"not running after {_o.ProvisionTimeout.TotalSeconds:0} s");
                return;
            }

            if (elapsed > TimeSpan.FromSeconds(p.InitialDelaySeconds))
            {
                await ShutDownAsync(S.FailedInitialDelay, $"not ready within initial_delay_seconds ({p.InitialDelaySeconds})");
                return;
            }

            var signal = await WaitAsync(_o.ProbeInterval);
            if (signal is not null)
            {
                // Not serving yet: draining means nothing, so every signal ends it.
                await ShutDownAsync(signal == ReplicaSignal.Preempted ? S.Preempted : S.Terminated, $"{signal} while starting");
            }
        }

        private async Task MonitorAsync(S status)
        {
            var signal = await WaitAsync(_o.ProbeInterval);
            switch (signal)
            {
                case ReplicaSignal.Terminate:
                    await MoveAsync(S.ShuttingDown, "terminate requested");
                    return;
                case ReplicaSignal.Drain or ReplicaSignal.InterruptionNotice:
                    await MoveAsync(S.Draining, signal == ReplicaSignal.Drain ? "drain requested" : "interruption notice");
                    return;
                case ReplicaSignal.Preempted:
                    await ShutDownAsync(S.Preempted, "preempted (reported)");
                    return;
            }

            var check = await context.CallActivityAsync<InstanceCheck>(ActivityNames.CheckInstance, input.Key);
            if (check.Lost)
            {
                await ShutDownAsync(S.Preempted, "preempted (instance gone)");
                return;
            }

            if (check.Noticed)
            {
                await MoveAsync(S.Draining, "interruption notice");
                return;
            }

            var probe = await context.CallActivityAsync<Probing.ProbeResult>(ActivityNames.ProbeReplica, input.Key);
            if (probe.Ready)
            {
                FailedProbes = 0;
                if (status == S.NotReady)
                {
                    await MoveAsync(S.Ready, "readiness probe recovered");
                }

                return;
            }

            FailedProbes++;
            if (status == S.Ready)
            {
                await MoveAsync(S.NotReady, $"probe failed: {probe.Reason}");
            }

            if (FailedProbes >= _o.ProbeFailureThreshold)
            {
                await ShutDownAsync(S.FailedProbing, $"{FailedProbes} probes failed in a row (last: {probe.Reason})");
            }
        }

        private async Task DrainAsync()
        {
            // In-flight requests finish while the router sends nothing new; an early terminate or preemption wins.
            var signal = await WaitAsync(_o.DrainGrace);
            await ShutDownAsync(signal == ReplicaSignal.Preempted ? S.Preempted : S.Terminated, "drained");
        }

        // Terminate the instance (idempotent), then record the end state.
        private async Task ShutDownAsync(S end, string reason)
        {
            await context.CallActivityAsync<bool>(ActivityNames.TerminateInstance, input.Key);
            await MoveAsync(end, reason);
        }

        private Task<S> MoveAsync(S to, string reason, string? instanceId = null) =>
            context.CallActivityAsync<S>(ActivityNames.TransitionReplica, new TransitionRequest(input.Key, to, reason, instanceId));

        private async Task<ReplicaSignal?> WaitAsync(TimeSpan interval)
        {
            try
            {
                return await context.WaitForExternalEvent<ReplicaSignal>(ReplicaSignals.EventName, interval);
            }
            catch (TaskCanceledException)
            {
                return null;
            }
        }
    }
}
