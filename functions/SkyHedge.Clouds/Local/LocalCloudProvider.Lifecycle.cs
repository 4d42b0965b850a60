using System.Globalization;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Simulation.Traces;

namespace SkyHedge.Clouds.Local;

/// <summary>The process side of <see cref="LocalCloudProvider"/>: watching emulators start and exit, the trace
/// replay's notices and kills, terminating, and stopping everything on dispose.</summary>
public sealed partial class LocalCloudProvider
{
    /// <summary>Stops every emulator this provider started: SIGTERM, then a kill for any still there after the
    /// terminate grace. Launches fail from the start of the call; Get and List keep answering (Terminated).
    /// Safe to call more than once; later calls wait for the first.</summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            return _stopped ??= StopAllAsync();
        }
    }

    /// <inheritdoc cref="StopAsync"/>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Kills every emulator this provider started at once (no grace) and waits until they are gone.</summary>
    public void Dispose()
    {
        List<EmulatorProcess> processes;
        lock (_gate)
        {
            _stopped ??= Task.CompletedTask;
            processes = EndAll("provider disposed");
        }

        _stopping.Cancel();
        _timer?.Dispose();
        processes.ForEach(p => p.Kill());
        foreach (var p in processes)
        {
            p.WaitForExitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            p.Dispose();
        }

        LocalCloudRegistry.Remove(this);
    }

    /// <summary>One step of the replay (the timer's body): notices the spot replicas of every
    /// zone whose capacity fell below its live count (youngest first; all of them when the zone became
    /// unavailable), and kills, as preempted, those whose notice period is over.</summary>
    internal void Tick()
    {
        var now = _time.GetUtcNow();
        var kills = new List<LocalReplica>();
        lock (_gate)
        {
            if (_stopped is not null)
            {
                return;
            }

            foreach (var zone in _replay.Zones)
            {
                var capacity = _replay.CapacityAt(zone, now);
                if (capacity == ZoneTrace.Unlimited)
                {
                    continue;
                }

                var holding = _byId.Values.Where(r => r.Zone == zone && r.HoldsSpotCapacity)
                    .OrderByDescending(r => r.LaunchedAt).ThenByDescending(r => r.Sequence).ToList();
                foreach (var r in holding.Take(holding.Count - capacity))
                {
                    r.NoticeAt = now;
                    r.KillAt = now + _options.NoticePeriod;
                    r.Process?.Note(string.Create(CultureInfo.InvariantCulture,
                        $"interruption notice: zone {zone.Zone} capacity {capacity} at trace time {_replay.TraceTimeAt(now)}; killed in {_options.NoticePeriod.TotalSeconds:0.###} s"));
                }
            }

            foreach (var r in _byId.Values.Where(r => r.KillAt <= now && r.State is InstanceState.Pending or InstanceState.Running))
            {
                r.State = InstanceState.Preempted;
                r.Reason = _withdrawn.Contains(r.Accelerator) ? $"preempted: {r.Accelerator} withdrawn" : $"preempted: zone {r.Zone.Zone} lost spot capacity";
                kills.Add(r);
            }
        }

        foreach (var r in kills)
        {
            r.Process?.Note("preempted: killing the process");
            r.Process?.Kill();
        }
    }

    /// <summary>Kills every process at once without waiting (the host is exiting).</summary>
    internal void KillAllNow()
    {
        List<EmulatorProcess> processes;
        lock (_gate)
        {
            processes = [.. _byId.Values.Select(r => r.Process).OfType<EmulatorProcess>()];
        }

        processes.ForEach(p => p.Kill());
    }

    /// <summary>Follows one emulator: Pending → Running when it prints its address; Terminated when it does not in
    /// time or exits on its own.</summary>
    private async Task WatchAsync(LocalReplica replica)
    {
        var process = replica.Process!;
        string? failure = null;
        try
        {
            var address = await process.Listening.WaitAsync(_options.StartTimeout, _stopping.Token).ConfigureAwait(false);
            lock (_gate)
            {
                if (replica.State == InstanceState.Pending)
                {
                    replica.Address = address;
                    replica.State = InstanceState.Running;
                }
            }
        }
        catch (TimeoutException)
        {
            failure = $"no 'listening on' line within {_options.StartTimeout.TotalSeconds:0.###} s";
        }
        catch (InvalidOperationException e)
        {
            failure = e.Message;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (failure is not null)
        {
            process.Note($"failed to start: {failure}");
            process.Kill();
            lock (_gate)
            {
                if (replica.State == InstanceState.Pending)
                {
                    replica.State = InstanceState.Terminated;
                    replica.Reason = failure;
                }
            }
        }

        try
        {
            await process.WaitForExitAsync(Timeout.InfiniteTimeSpan, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        bool dispose;
        lock (_gate)
        {
            if (replica.State is InstanceState.Pending or InstanceState.Running)
            {
                replica.State = InstanceState.Terminated;
                replica.Reason = $"exited on its own with code {process.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"}";
            }

            // A terminate in progress, or a stop of the whole cloud, owns the process until it has waited for it.
            dispose = replica.State != InstanceState.Stopping && replica.Process == process;
            if (dispose)
            {
                replica.Process = null;
            }
        }

        process.Note($"exited with code {process.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"} ({replica.Reason ?? replica.State.ToString()})");
        if (dispose)
        {
            process.Dispose();
        }
    }

    // Under the lock.
    private Task BeginStop(LocalReplica replica)
    {
        switch (replica.State)
        {
            case InstanceState.Terminated:
                return Task.CompletedTask;
            case InstanceState.Preempted:
                // Killed already; the cloud forgets it now.
                replica.State = InstanceState.Terminated;
                return Task.CompletedTask;
            default:
                replica.State = InstanceState.Stopping;
                replica.Reason = "terminated";
                return StopProcessAsync(replica);
        }
    }

    private async Task StopProcessAsync(LocalReplica replica)
    {
        // Leave the caller's lock before anything can complete synchronously.
        await Task.Yield();
        if (replica.Process is { } process)
        {
            process.Note("terminate: SIGTERM");
            process.Terminate();
            if (!await process.WaitForExitAsync(TerminateGrace).ConfigureAwait(false))
            {
                process.Note($"still running {TerminateGrace.TotalSeconds:0.###} s after SIGTERM: killing");
                process.Kill();
                await process.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }

            process.Note($"terminated (exit code {process.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"})");
        }

        lock (_gate)
        {
            replica.State = InstanceState.Terminated;
            if (replica.Process is { } owned)
            {
                replica.Process = null;
                owned.Dispose();
            }
        }
    }

    private TimeSpan TerminateGrace => TimeSpan.FromSeconds(_options.EmulatorGraceSeconds + 2);

    private async Task StopAllAsync()
    {
        // Called under the lock: leave it before waiting.
        await Task.Yield();
        List<EmulatorProcess> processes;
        lock (_gate)
        {
            processes = EndAll("cloud stopped");
        }

        _stopping.Cancel();
        _timer?.Dispose();
        processes.ForEach(p => p.Terminate());
        var exited = await Task.WhenAll(processes.Select(p => p.WaitForExitAsync(TerminateGrace))).ConfigureAwait(false);
        for (var i = 0; i < processes.Count; i++)
        {
            if (!exited[i])
            {
                processes[i].Kill();
                await processes[i].WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }

            processes[i].Dispose();
        }

        LocalCloudRegistry.Remove(this);
    }

    // Under the lock: every instance ends, and the processes still held are handed to the caller to stop.
    private List<EmulatorProcess> EndAll(string reason)
    {
        var processes = new List<EmulatorProcess>();
        foreach (var r in _byId.Values)
        {
            if (r.IsLive)
            {
                r.Reason = reason;
            }

            if (r.State != InstanceState.Preempted)
            {
                r.State = InstanceState.Terminated;
            }

            if (r.Process is { } p)
            {
                processes.Add(p);
                r.Process = null;
            }
        }

        return processes;
    }
}
