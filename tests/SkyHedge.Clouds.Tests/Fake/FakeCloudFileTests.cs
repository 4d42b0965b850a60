using SkyHedge.Clouds.Fake;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;

namespace SkyHedge.Clouds.Tests.Fake;

public sealed class FakeCloudFileTests : IDisposable
{
    private readonly FakeCloudKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public async Task Two_clouds_sharing_a_file_return_the_same_instance_for_one_token()
    {
        var host = new FakeCloudProvider(FakeCloud.OpenFile(_kit.StatePath, _kit.Clock), "aws");
        var other = new FakeCloudProvider(FakeCloud.OpenFile(_kit.StatePath, _kit.Clock), "aws");
        var request = FakeCloudKit.Request("r1", FakeCloudKit.Zone('a', "aws"));

        var first = await host.LaunchAsync(request, FakeCloudKit.Ct);
        var second = await other.LaunchAsync(request, FakeCloudKit.Ct);

        Assert.Equal(first, second);
        Assert.Equal(1, host.FakeCloud.TotalLaunched);
        Assert.Equal(1, other.FakeCloud.DuplicateLaunchAttempts);
        Assert.Equal(first, Assert.Single(await other.ListAsync("svc", FakeCloudKit.Ct)));
    }

    [Fact]
    public async Task A_reopened_file_is_the_same_cloud_as_a_restarted_process_sees_it()
    {
        var before = FakeCloud.OpenFile(_kit.StatePath, _kit.Clock);
        var zone = FakeCloudKit.Zone();
        before.SetSpotCapacity(zone, 1);
        before.SetLaunchLatency(TimeSpan.FromMinutes(1));
        before.SetReapDelay(TimeSpan.FromHours(1));
        before.Fail(FakeOperation.Get, FakeFault.Throttle(TimeSpan.FromSeconds(2)));
        before.SetOfferings("fake", [new Offering("big", "H100", 8, zone, Market.Spot, 20m)]);
        var launched = await new FakeCloudProvider(before).LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);

        // "Restart": a fresh object, as a new process would open it.
        var after = FakeCloud.OpenFile(_kit.StatePath, _kit.Clock);
        var provider = new FakeCloudProvider(after);
        var replayed = await provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);

        Assert.Equal(launched, replayed);
        Assert.Equal(1, after.TotalLaunched);
        Assert.Equal(1, after.DuplicateLaunchAttempts);
        Assert.Equal(2, after.CallCount(FakeOperation.Launch));
        Assert.Equal(1, after.GetCapacity(zone, Market.Spot));
        await Assert.ThrowsAsync<InsufficientCapacityException>(() => provider.LaunchAsync(FakeCloudKit.Request("r2"), FakeCloudKit.Ct));
        var throttled = await Assert.ThrowsAsync<ThrottledException>(() => provider.GetAsync(launched.InstanceId, FakeCloudKit.Ct));
        Assert.Equal(TimeSpan.FromSeconds(2), throttled.RetryAfter);
        Assert.Equal("H100", Assert.Single(await provider.GetOfferingsAsync(new(), FakeCloudKit.Ct)).Accelerator);
        _kit.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(InstanceState.Running, (await provider.GetAsync(launched.InstanceId, FakeCloudKit.Ct))!.State);
    }

    [Fact]
    public async Task A_stray_temp_file_from_a_crashed_writer_is_ignored()
    {
        var cloud = FakeCloud.OpenFile(_kit.StatePath, _kit.Clock);
        var launched = await new FakeCloudProvider(cloud).LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);
        // A writer killed between writing the temp file and renaming it leaves half a document behind.
        var complete = await File.ReadAllTextAsync(_kit.StatePath);
        await File.WriteAllTextAsync(_kit.StatePath + ".tmp", complete[..(complete.Length / 2)]);

        var reopened = FakeCloud.OpenFile(_kit.StatePath, _kit.Clock);

        Assert.False(File.Exists(_kit.StatePath + ".tmp"));
        Assert.Equal([launched], reopened.LiveInstances());
        await new FakeCloudProvider(reopened).LaunchAsync(FakeCloudKit.Request("r2"), FakeCloudKit.Ct);
        Assert.Equal(2, FakeCloud.OpenFile(_kit.StatePath, _kit.Clock).LiveInstances().Count);
    }

    [Fact]
    public async Task A_stray_temp_file_appearing_while_open_is_overwritten_not_read()
    {
        var cloud = FakeCloud.OpenFile(_kit.StatePath, _kit.Clock);
        await File.WriteAllTextAsync(_kit.StatePath + ".tmp", "{ not json");

        await new FakeCloudProvider(cloud).LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);

        Assert.Single(cloud.LiveInstances());
        Assert.False(File.Exists(_kit.StatePath + ".tmp"));
    }

    [Fact]
    public void An_empty_file_is_a_fresh_cloud_and_a_foreign_file_is_refused()
    {
        File.WriteAllText(_kit.StatePath, "");
        Assert.Equal(0, FakeCloud.OpenFile(_kit.StatePath).TotalLaunched);

        var foreign = Path.Combine(_kit.TempDirectory, "other.json");
        File.WriteAllText(foreign, "{\"hello\": 1}");
        Assert.Throws<InvalidDataException>(() => FakeCloud.OpenFile(foreign));
        File.WriteAllText(foreign, "{ broken");
        Assert.Throws<InvalidDataException>(() => FakeCloud.OpenFile(foreign));
    }

    [Fact]
    public async Task Concurrent_launches_through_two_objects_lose_no_instance()
    {
        var left = new FakeCloudProvider(FakeCloud.OpenFile(_kit.StatePath, _kit.Clock));
        var right = new FakeCloudProvider(FakeCloud.OpenFile(_kit.StatePath, _kit.Clock));

        async Task LaunchMany(FakeCloudProvider provider, string prefix)
        {
            for (var i = 0; i < 50; i++)
            {
                await provider.LaunchAsync(FakeCloudKit.Request($"{prefix}{i}"), FakeCloudKit.Ct);
            }
        }

        await Task.WhenAll(Task.Run(() => LaunchMany(left, "l")), Task.Run(() => LaunchMany(right, "r")));

        var live = FakeCloud.OpenFile(_kit.StatePath, _kit.Clock).LiveInstances();
        Assert.Equal(100, live.Count);
        Assert.Equal(100, live.Select(i => i.InstanceId).Distinct().Count());
        Assert.Equal(100, live.Select(i => i.ReplicaId).Distinct().Count());
        Assert.Equal(100, left.FakeCloud.CallCount(FakeOperation.Launch));
    }

    [Fact]
    public async Task Calls_wait_while_another_holder_has_the_lock()
    {
        var provider = new FakeCloudProvider(FakeCloud.OpenFile(_kit.StatePath, _kit.Clock));
        Task<CloudInstance> launch;
        using (new FileStream(_kit.StatePath + ".lock", FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            launch = provider.LaunchAsync(FakeCloudKit.Request("r1"), FakeCloudKit.Ct);
            Assert.False(launch.IsCompleted);
        }

        Assert.Equal("r1", (await launch).ReplicaId);
    }

    [Fact]
    public void A_lock_that_is_never_released_times_out()
    {
        var store = new FileFakeCloudStore(_kit.StatePath) { LockTimeout = TimeSpan.FromMilliseconds(50) };
        store.Initialize();
        using var held = new FileStream(_kit.StatePath + ".lock", FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        Assert.Throws<TimeoutException>(() => store.Read(state => state.Instances.Count));
    }
}
