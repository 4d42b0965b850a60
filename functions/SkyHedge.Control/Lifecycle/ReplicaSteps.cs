using Microsoft.DurableTask;
using SkyHedge.Core.Ports;
using S = SkyHedge.Core.Model.ReplicaStatus;

namespace SkyHedge.Control.Lifecycle;

/// <summary>The steps of <see cref="ReplicaLifecycle"/>: each moves the replica at most one state forward, or waits
/// one interval, and returns the row as it now stands.</summary>
internal sealed class ReplicaSteps(TaskOrchestrationContext context, ReplicaLifecycleInput input)
{
    private readonly ControlOptions _o = input.Options;

    public int FailedProbes { get; private set; } = input.FailedProbes;

    public Task<ReplicaProgress> RunAsync(ReplicaProgress p) => p.Status switch
    {
        S.Pending => MoveAsync(S.Provisioning, "launching"),
        S.Provisioning => LaunchAsync(),
        S.Starting => StartingAsync(p),
        S.Ready or S.NotReady => MonitorAsync(p),
        S.Draining => DrainAsync(p),
        S.ShuttingDown => FinishShutDownAsync(),
        _ => Task.FromResult(p),
    };

    private async Task<ReplicaProgress> LaunchAsync()
    {
        for (var attempt = 0; attempt <= _o.MaxThrottleRetries; attempt++)
        {
            var outcome = await context.CallActivityAsync<LaunchOutcome>(ActivityNames.LaunchReplica, input.Key, ActivityRetry.Options);
            if (outcome.Launched)
            {
                return await MoveAsync(S.Starting, $"instance {outcome.InstanceId} launched", outcome.InstanceId);
            }

            if (outcome.Failure != LaunchFailure.Throttled)
            {
                return await MoveAsync(S.FailedProvision, $"{outcome.Failure}: {outcome.Message}");
            }

            // The cloud's hint, else exponential backoff capped at a minute, with jitter from the deterministic
            // context so a replay waits the same.
            var backoff = outcome.RetryAfterSeconds ?? Math.Min(60, Math.Pow(2, attempt));
            var jitter = 1 + ((context.NewGuid().GetHashCode() & 0xFF) / 1024.0);
            await DurableWait.DelayAsync(context, TimeSpan.FromSeconds(backoff * jitter), _o);
        }

        return await MoveAsync(S.FailedProvision, $"throttled {_o.MaxThrottleRetries + 1} times");
    }

    private async Task<ReplicaProgress> StartingAsync(ReplicaProgress p)
    {
        var health = await ObserveAsync();
        if (health.Instance.Lost)
        {
            return await ShutDownAsync(S.Preempted, "instance lost before it was ready");
        }

        if (health.Ready)
        {
            FailedProbes = 0;
            return await MoveAsync(S.Ready, "readiness probe succeeded");
        }

        var elapsed = context.CurrentUtcDateTime - (p.LaunchTime?.UtcDateTime ?? context.CurrentUtcDateTime);
        if (health.Instance.State != InstanceState.Running && elapsed > _o.ProvisionTimeout)
        {
            return await ShutDownAsync(S.Failed, $"not running after {_o.ProvisionTimeout.TotalSeconds:0} s");
        }

        if (elapsed > TimeSpan.FromSeconds(p.InitialDelaySeconds))
        {
            return await ShutDownAsync(S.FailedInitialDelay, $"not ready within initial_delay_seconds ({p.InitialDelaySeconds}): {health.Probe?.Reason}");
        }

        var signal = await WaitAsync(_o.ProbeInterval);
        return signal is null
            ? p

            // Not serving yet: draining means nothing, so every signal ends it.
            : await ShutDownAsync(signal == ReplicaSignal.Preempted ? S.Preempted : S.Terminated, $"{signal} while starting");
    }

    private async Task<ReplicaProgress> MonitorAsync(ReplicaProgress p)
    {
        switch (await WaitAsync(_o.ProbeInterval))
        {
            case ReplicaSignal.Terminate:
                return await ShutDownAsync(S.Terminated, "terminate requested");
            case ReplicaSignal.Drain:
                return await MoveAsync(S.Draining, "drain requested");
            case ReplicaSignal.InterruptionNotice:
                return await MoveAsync(S.Draining, ReplicaProgress.NoticeReason);
            case ReplicaSignal.Preempted:
                return await ShutDownAsync(S.Preempted, "preempted (reported)");
        }

        var health = await ObserveAsync();
        if (health.Instance.Lost)
        {
            return await ShutDownAsync(S.Preempted, "preempted (instance gone)");
        }

        if (health.Instance.Noticed)
        {
            return await MoveAsync(S.Draining, ReplicaProgress.NoticeReason);
        }

        if (health.Ready)
        {
            FailedProbes = 0;
            return p.Status == S.NotReady ? await MoveAsync(S.Ready, "readiness probe recovered") : p;
        }

        FailedProbes++;
        if (FailedProbes >= _o.ProbeFailureThreshold)
        {
            var down = p.Status == S.Ready ? await MoveAsync(S.NotReady, $"probe failed: {health.Probe?.Reason}") : p;
            return down.Status == S.NotReady
                ? await ShutDownAsync(S.FailedProbing, $"{FailedProbes} probes failed in a row (last: {health.Probe?.Reason})")
                : down;
        }

        return p.Status == S.Ready ? await MoveAsync(S.NotReady, $"probe failed: {health.Probe?.Reason}") : p;
    }

    private async Task<ReplicaProgress> FinishShutDownAsync()
    {
        await context.CallActivityAsync<bool>(ActivityNames.TerminateInstance, input.Key, ActivityRetry.Options);
        return await MoveAsync(S.Terminated, "terminated");
    }

    private async Task<ReplicaProgress> DrainAsync(ReplicaProgress p)
    {
        // In-flight requests finish while the router sends nothing new. A drain the cloud's notice started is a
        // preemption even when it finishes first (an AWS notice comes 2 minutes ahead, longer than the drain grace).
        var signal = await WaitAsync(_o.DrainGrace);
        return signal == ReplicaSignal.Preempted || p.Noticed
            ? await ShutDownAsync(S.Preempted, p.Noticed ? "drained after interruption notice" : "preempted while draining")
            : await ShutDownAsync(S.Terminated, "drained");
    }

    // Terminate the instance (idempotent), then record the end state. An orderly end passes through ShuttingDown
    // first (the state machine's only way to Terminated), so a crash in between is finished by the ShuttingDown
    // step; failure ends are recorded directly.
    private async Task<ReplicaProgress> ShutDownAsync(S end, string reason)
    {
        if (end == S.Terminated)
        {
            var down = await MoveAsync(S.ShuttingDown, reason);
            if (down.Status != S.ShuttingDown)
            {
                return down;
            }
        }

        await context.CallActivityAsync<bool>(ActivityNames.TerminateInstance, input.Key, ActivityRetry.Options);
        return await MoveAsync(end, reason);
    }

    private Task<ReplicaHealth> ObserveAsync() =>
        context.CallActivityAsync<ReplicaHealth>(ActivityNames.ObserveReplica, input.Key, ActivityRetry.Options);

    private Task<ReplicaProgress> MoveAsync(S to, string reason, string? instanceId = null) =>
        context.CallActivityAsync<ReplicaProgress>(ActivityNames.TransitionReplica, new TransitionRequest(input.Key, to, reason, instanceId), ActivityRetry.Options);

    private Task<ReplicaSignal?> WaitAsync(TimeSpan interval) =>
        DurableWait.ForSignalAsync<ReplicaSignal>(context, ReplicaSignals.EventName, interval, _o);
}
