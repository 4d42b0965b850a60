using Microsoft.DurableTask;
using SkyHedge.Control;
using SkyHedge.Functions.Timers;

namespace SkyHedge.Functions.Tests;

/// <summary>The host finds every function with the trigger it needs: a name the orchestrators call but no function
/// answers only shows up in Azure, as an orchestration stuck forever.</summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Lazy<FunctionsMetadata> Metadata = new(FunctionsMetadata.Load);

    // Listed by hand on purpose: these names are a contract with running orchestrations (their histories name them).
    public static TheoryData<string, string> Expected => new()
    {
        { "ServiceController", "orchestrationTrigger" },
        { "ReplicaLifecycle", "orchestrationTrigger" },
        { "LoadReplica", "activityTrigger" },
        { "TransitionReplica", "activityTrigger" },
        { "LaunchReplica", "activityTrigger" },
        { "ObserveReplica", "activityTrigger" },
        { "TerminateInstance", "activityTrigger" },
        { "ObserveService", "activityTrigger" },
        { "DecideFleet", "activityTrigger" },
        { "CreateReplica", "activityTrigger" },
        { "StartReplica", "activityTrigger" },
        { "SignalReplica", "activityTrigger" },
        { "FinishService", "activityTrigger" },
        { "Watchdog", "timerTrigger" },
        { "PreemptionPoller", "timerTrigger" },
        { "AwsNotices", "timerTrigger" },
        { "AdminServices", "httpTrigger" },
        { "AdminService", "httpTrigger" },
        { "AdminReplicas", "httpTrigger" },
        { "AdminReplica", "httpTrigger" },
        { "AdminEvents", "httpTrigger" },
        { "AdminRouting", "httpTrigger" },
        { "AdminKeys", "httpTrigger" },
        { "AdminKey", "httpTrigger" },
        { "AdminNotices", "httpTrigger" },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void FunctionIsIndexedWithItsTrigger(string function, string trigger) =>
        Assert.Equal(trigger, FunctionsMetadata.Property(Metadata.Value.Trigger(function), "type"));

    [Fact]
    public void EveryOrchestratorAndActivityOfTheControlPlaneHasAFunction()
    {
        // A task added to SkyHedge.Control without a wrapper here would fail only at run time in Azure.
        var tasks = typeof(ControlPlane).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && (Derives(t, typeof(TaskOrchestrator<,>)) || Derives(t, typeof(TaskActivity<,>))))
            .Select(t => (Name: NameOf(t), Trigger: Derives(t, typeof(TaskOrchestrator<,>)) ? "orchestrationTrigger" : "activityTrigger"))
            .ToList();
        Assert.Equal(13, tasks.Count);
        foreach (var (name, trigger) in tasks)
        {
            Assert.Equal(trigger, FunctionsMetadata.Property(Metadata.Value.Trigger(name), "type"));
        }
    }

    [Theory]
    [InlineData("Watchdog", WatchdogFunction.Schedule)]
    [InlineData("PreemptionPoller", PreemptionPollerFunction.Schedule)]
    [InlineData("AwsNotices", AwsNoticesFunction.Schedule)]
    public void TimersCarryTheirSchedules(string function, string schedule) =>
        Assert.Equal(schedule, FunctionsMetadata.Property(Metadata.Value.Trigger(function), "schedule"));

    [Theory]
    [InlineData("AdminServices", "services")]
    [InlineData("AdminService", "services/{name}")]
    [InlineData("AdminReplicas", "services/{name}/replicas")]
    [InlineData("AdminReplica", "services/{name}/replicas/{id}")]
    [InlineData("AdminEvents", "services/{name}/events")]
    [InlineData("AdminRouting", "services/{name}/routing")]
    [InlineData("AdminKeys", "keys")]
    [InlineData("AdminKey", "keys/{id}")]
    [InlineData("AdminNotices", "notices")]
    public void AdminRoutesAreAnonymousAtTheHostAndAdmitEveryMethod(string function, string route)
    {
        // The handler checks keys and answers 405 itself; a host-level key or method filter would pre-empt both.
        var trigger = Metadata.Value.Trigger(function);
        Assert.Equal(route, FunctionsMetadata.Property(trigger, "route"));
        Assert.Equal("Anonymous", FunctionsMetadata.Property(trigger, "authLevel"));
        var methods = trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Equal(["get", "post", "put", "patch", "delete"], methods);
    }

    [Fact]
    public void HostJsonServesTheAdminApiUnderApi()
    {
        // The admin API's routes, and the clients, expect /api/...; the app's output carries the repo's host.json.
        var hostJson = Path.Combine(Path.GetDirectoryName(Metadata.Value.Path)!, "host.json");
        using var host = System.Text.Json.JsonDocument.Parse(File.ReadAllText(hostJson));
        var extensions = host.RootElement.GetProperty("extensions");
        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        Assert.Equal("api", extensions.GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal("skyhedge", extensions.GetProperty("durableTask").GetProperty("hubName").GetString());
    }

    [Theory]
    [InlineData("Watchdog")]
    [InlineData("PreemptionPoller")]
    [InlineData("AwsNotices")]
    [InlineData("StartReplica")]
    [InlineData("SignalReplica")]
    public void FunctionsThatTalkToTheEngineBindADurableClient(string function) =>
        Assert.Contains(FunctionsMetadata.Bindings(Metadata.Value.Functions[function]), b => FunctionsMetadata.Property(b, "type") == "durableClient");

    private static bool Derives(Type type, Type generic)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == generic)
            {
                return true;
            }
        }

        return false;
    }

    private static string NameOf(Type type) =>
        type.GetCustomAttributes(typeof(DurableTaskAttribute), false).OfType<DurableTaskAttribute>().FirstOrDefault()?.Name.Name ?? type.Name;
}
