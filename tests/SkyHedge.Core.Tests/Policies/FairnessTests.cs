using System.Reflection;
using CsCheck;
using SkyHedge.Core.Policies;

namespace SkyHedge.Core.Tests.Policies;

/// <summary>A policy may know only its own fleet and prices, never the capacity trace the simulator replays.</summary>
public sealed class FairnessTests
{
    private static readonly string[] ForbiddenWords = ["capacity", "trace", "availab"];

    [Fact]
    public void The_policy_interface_exposes_no_trace_or_capacity()
    {
        var seen = new HashSet<Type>();
        var members = new List<(string Name, Type Type)>();
        foreach (var p in typeof(FleetObservation).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
        {
            members.Add(($"{nameof(FleetObservation)}.{p.Name}", p.PropertyType));
        }

        foreach (var m in typeof(IFleetPolicy).GetMembers())
        {
            members.Add(($"{nameof(IFleetPolicy)}.{m.Name}", m switch
            {
                PropertyInfo p => p.PropertyType,
                MethodInfo method => method.ReturnType,
                _ => typeof(void),
            }));
            if (m is MethodInfo mi)
            {
                members.AddRange(mi.GetParameters().Select(p => ($"{nameof(IFleetPolicy)}.{m.Name}({p.Name})", p.ParameterType)));
            }
        }

        Assert.Contains(members, m => m.Name == "FleetObservation.Alive"); // the reflection found the members
        Assert.Contains(members, m => m.Name == "IFleetPolicy.Decide(observation)");

        // Follow every type reachable from the interface (ZoneInfo, Location, FleetPlan, ...) as well.
        for (var i = 0; i < members.Count; i++)
        {
            var (name, type) = members[i];
            Assert.DoesNotContain(ForbiddenWords, w => name.Contains(w, StringComparison.OrdinalIgnoreCase));
            foreach (var t in Unwrap(type))
            {
                Assert.NotEqual("SkyHedge.Simulation", t.Assembly.GetName().Name);
                if (t.Assembly == typeof(FleetObservation).Assembly && seen.Add(t))
                {
                    members.AddRange(t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => ($"{t.Name}.{p.Name}", p.PropertyType)));
                }
            }
        }

        Assert.Contains(typeof(ZoneInfo), seen);
    }

    [Fact]
    public void The_core_assembly_does_not_reference_the_simulation() =>
        Assert.DoesNotContain(typeof(FleetObservation).Assembly.GetReferencedAssemblies(), a => a.Name == "SkyHedge.Simulation");

    [Fact]
    public void Two_spothedge_policies_with_the_same_seed_given_the_same_observations_make_the_same_plans()
    {
        Gen.Select(ObservationGen.Sequence, Gen.Int).Sample((sequence, seed) =>
        {
            var (zoneCount, steps) = sequence;
            var a = Plans(NewPolicy(zoneCount, seed), zoneCount, steps);
            var b = Plans(NewPolicy(zoneCount, seed), zoneCount, steps);
            return a.SequenceEqual(b);
        });

        // Not vacuous: the plans do depend on the seed and on the observations.
        var random = new Random(123);
        var steps = Enumerable.Range(0, 40)
            .Select(_ => (Target: random.Next(0, 9), Raw: Enumerable.Range(0, (3 * ObservationGen.MaxZones) + 2).Select(_ => random.Next(1000)).ToArray()))
            .ToArray();
        Assert.NotEqual(Plans(NewPolicy(9, 1), 9, steps), Plans(NewPolicy(9, 2), 9, steps));
        Assert.NotEqual(Plans(NewPolicy(9, 1), 9, steps), Plans(NewPolicy(9, 1), 9, steps.Reverse().ToArray()));
    }

    private static SpotHedgePolicy NewPolicy(int zones, int seed) =>
        (SpotHedgePolicy)FleetPolicies.Create(FleetPolicies.SpotHedge, zones, 1, new Random(seed));

    private static List<string> Plans(SpotHedgePolicy policy, int zoneCount, (int Target, int[] Raw)[] steps)
    {
        var obs = new FleetObservation(Fleet.Zones(zoneCount));
        var plans = new List<string>();
        for (var t = 0; t < steps.Length; t++)
        {
            ObservationGen.Apply(obs, t, steps[t].Target, steps[t].Raw);
            var plan = policy.Decide(obs);
            plans.Add($"{string.Join(",", plan.Spot)}|{plan.OnDemand}");
        }

        return plans;
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        yield return type;
        if (type.HasElementType)
        {
            foreach (var t in Unwrap(type.GetElementType()!))
            {
                yield return t;
            }
        }

        foreach (var arg in type.GenericTypeArguments)
        {
            foreach (var t in Unwrap(arg))
            {
                yield return t;
            }
        }
    }
}
