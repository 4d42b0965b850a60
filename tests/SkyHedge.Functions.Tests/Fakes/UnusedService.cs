using System.Reflection;

namespace SkyHedge.Functions.Tests.Fakes;

/// <summary>Stands in for a service a test must not reach (e.g. the key store when only the bootstrap key is
/// used): any call fails the test. Public and unsealed: DispatchProxy derives from it.</summary>
public class UnusedService : DispatchProxy
{
    public static T Of<T>() => Create<T, UnusedService>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        throw new NotSupportedException($"this test must not call {targetMethod?.DeclaringType?.Name}.{targetMethod?.Name}");
}
