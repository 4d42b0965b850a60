using SkyHedge.Simulation.Latency;

namespace SkyHedge.Simulation.Tests.Latency;

public sealed class SpotHedgeLatencyModelTests
{
    [Fact]
    public void SimultaneousClientsQueueOnTheSameReplica()
    {
        // One arrival, three clients, three replicas: all three requests land on replica 0, so the second and
        // third wait for the first. With exponential service the sorted latencies are strictly increasing.
        var model = new SpotHedgeLatencyModel(meanServiceSeconds: 10);
        var r = model.Run([3, 3, 3, 3, 3, 3, 3, 3, 3, 3], 30, [1.0], clients: 3, new Random(1));
        Assert.Equal(3, r.Requests);
        Assert.Equal(0, r.Failures);
        Assert.True(r.P90 > r.P50);
    }

    [Fact]
    public void NoActiveReplicaTimesOutAtOnce()
    {
        var r = new SpotHedgeLatencyModel().Run([0, 0], 30, [5.0, 40.0], clients: 3, new Random(1));
        Assert.Equal(6, r.Requests);
        Assert.Equal(6, r.Failures);
        Assert.Equal(SpotHedgeLatencyModel.DefaultTimeoutSeconds, r.P50);
    }

    [Fact]
    public void RemovedReplicasTimeOutTheirQueue()
    {
        // 1 replica, mean service 1000 s: the first request occupies it; the other two queue; at the next tick
        // the replica disappears and the queued two time out.
        var model = new SpotHedgeLatencyModel(meanServiceSeconds: 1000, timeoutSeconds: 100);
        var r = model.Run([1, 0, 0], 30, [1.0], clients: 3, new Random(3));
        Assert.Equal(2, r.Failures);
    }

    [Fact]
    public void WaitingLongerThanTheTimeoutCountsAsTimeout()
    {
        var model = new SpotHedgeLatencyModel(meanServiceSeconds: 500, timeoutSeconds: 5);
        var counts = Enumerable.Repeat(1, 200).ToArray();
        var r = model.Run(counts, 30, [1.0, 2.0, 3.0], clients: 1, new Random(2));
        Assert.True(r.Failures >= 1);
    }

    [Fact]
    public void PercentileInterpolatesLikeNumpy()
    {
        double[] sorted = [1, 2, 3, 4];
        Assert.Equal(2.5, SpotHedgeLatencyModel.Percentile(sorted, 50), 9);
        Assert.Equal(3.97, SpotHedgeLatencyModel.Percentile(sorted, 99), 9);
        Assert.Equal(1, SpotHedgeLatencyModel.Percentile(sorted, 0), 9);
    }
}
