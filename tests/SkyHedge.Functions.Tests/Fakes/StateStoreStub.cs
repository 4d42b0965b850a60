using System.Reflection;
using SkyHedge.Control.State;

namespace SkyHedge.Functions.Tests.Fakes;

/// <summary>An <see cref="IStateStore"/> that answers only what the timer bodies ask (list services and replicas,
/// get a replica, append events) from lists; anything else fails the test. A proxy rather than a class so the many other members
/// of the store's interface can change without touching this. Public and unsealed: DispatchProxy derives from it.</summary>
public class StateStoreStub : DispatchProxy
{
    public List<ServiceRecord> Services { get; } = [];

    public List<ReplicaRecord> Replicas { get; } = [];

    public List<ReplicaEvent> Events { get; } = [];

    public static (IStateStore Store, StateStoreStub Stub) Create()
    {
        var store = Create<IStateStore, StateStoreStub>();
        return (store, (StateStoreStub)(object)store);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        nameof(IStateStore.ListServicesAsync) => Task.FromResult<IReadOnlyList<ServiceRecord>>([.. Services]),
        nameof(IStateStore.ListAllReplicasAsync) => Task.FromResult<IReadOnlyList<ReplicaRecord>>([.. Replicas]),
        nameof(IStateStore.GetReplicaAsync) => Task.FromResult(Replicas.FirstOrDefault(r => r.Service == (string)args![0]! && r.Id == (string)args[1]!)),
        nameof(IStateStore.AppendEventAsync) => Append((ReplicaEvent)args![0]!),
        _ => throw new NotSupportedException($"the timer bodies are not expected to call {targetMethod?.Name}"),
    };

    private Task Append(ReplicaEvent replicaEvent)
    {
        Events.Add(replicaEvent);
        return Task.CompletedTask;
    }
}
