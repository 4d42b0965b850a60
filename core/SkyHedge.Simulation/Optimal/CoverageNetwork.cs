using System.Diagnostics;

namespace SkyHedge.Simulation.Optimal;

/// <summary>
/// The artifact's ILP as a min-cost flow. Reformulation (proved in bench/optimal-notes.md):
/// a replica held over ticks [a − C, b] is ready over [a, b] and costs (b − a + 1 + C) × price; capacity on held
/// replicas is equivalent to a bound on ready replicas by the cold-start-window minimum of the zone capacity;
/// and covering every tick ≥ C with ≥ Target ready replicas is a flow of Target units along a timeline, where a
/// unit enters a pool (zone or on-demand) paying the cold start, pays per ready tick, leaves for free, and free
/// backward timeline arcs let ready replicas overlap. Network matrices are totally unimodular, so the flow
/// optimum is the integer optimum: no branch and bound, and exact.
/// </summary>
internal sealed class CoverageNetwork
{
    private readonly MinCostFlow _flow;
    private readonly int[][] _readyArc;
    private readonly int _span;

    /// <param name="readyCapacity">[pool][i]: most ready replicas the pool may have at tick C + i.</param>
    /// <param name="price">[pool]: cost of one replica for one tick.</param>
    /// <param name="coldStartTicks">Ticks a replica is held before it is ready (C).</param>
    public CoverageNetwork(int[][] readyCapacity, double[] price, int coldStartTicks)
    {
        var pools = readyCapacity.Length;
        _span = pools == 0 ? 0 : readyCapacity[0].Length;
        var layer = _span + 1;

        // Node layout: timeline node i (boundary before tick C + i) is i; pool p's node i is layer * (1 + p) + i.
        _flow = new MinCostFlow(layer * (pools + 1), _span * (1 + (3 * pools)));
        for (var i = 0; i < _span; i++)
        {
            _flow.AddArc(i + 1, i, MinCostFlow.Unbounded, 0);
        }

        _readyArc = new int[pools][];
        for (var p = 0; p < pools; p++)
        {
            _readyArc[p] = new int[_span];
            var startCost = coldStartTicks * price[p];
            var poolBase = layer * (1 + p);
            for (var i = 0; i < _span; i++)
            {
                var capacity = readyCapacity[p][i];
                if (capacity <= 0)
                {
                    _readyArc[p][i] = -1;
                    continue;
                }

                _flow.AddArc(i, poolBase + i, MinCostFlow.Unbounded, startCost);
                _readyArc[p][i] = _flow.AddArc(poolBase + i, poolBase + i + 1, capacity, price[p]);
                _flow.AddArc(poolBase + i + 1, i + 1, MinCostFlow.Unbounded, 0);
            }
        }
    }

    /// <summary>Routes <paramref name="target"/> units from the first to the last timeline node; returns units routed.</summary>
    public int Route(int target, Stopwatch clock, TimeSpan deadline) => _flow.Solve(0, _span, target, clock, deadline);

    /// <summary>[pool][i]: ready replicas the routed flow keeps in each pool at tick C + i.</summary>
    public int[][] ReadyCounts()
    {
        var counts = new int[_readyArc.Length][];
        for (var p = 0; p < _readyArc.Length; p++)
        {
            counts[p] = new int[_span];
            for (var i = 0; i < _span; i++)
            {
                var arc = _readyArc[p][i];
                counts[p][i] = arc < 0 ? 0 : _flow.Flow(arc);
            }
        }

        return counts;
    }
}
