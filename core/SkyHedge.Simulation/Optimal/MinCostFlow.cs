using System.Diagnostics;

namespace SkyHedge.Simulation.Optimal;

/// <summary>
/// Successive-shortest-path min-cost flow (Dijkstra on reduced costs with Johnson potentials).
/// The coverage networks here carry only Target units (a handful), so a few Dijkstra passes over
/// ~50k nodes solve a whole day in milliseconds; a general LP/MIP solver is not needed.
/// Costs are doubles because the on-demand ratio is; every arc cost is non-negative, so the first
/// pass needs no Bellman-Ford.
/// </summary>
internal sealed class MinCostFlow
{
    /// <summary>Capacity that never binds (the flow value is at most a few replicas).</summary>
    public const int Unbounded = int.MaxValue / 4;

    // Arcs are stored in pairs: arc e and its residual twin e ^ 1.
    private readonly int _nodeCount;
    private readonly int[] _head;
    private int[] _next;
    private int[] _to;
    private int[] _capacity;
    private double[] _cost;
    private int _arcCount;

    /// <param name="nodeCount">Nodes are numbered 0..nodeCount-1.</param>
    /// <param name="arcHint">Expected arc count, so building a large network does not keep regrowing arrays.</param>
    public MinCostFlow(int nodeCount, int arcHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCount);
        _nodeCount = nodeCount;
        _head = new int[nodeCount];
        Array.Fill(_head, -1);
        var size = Math.Max(8, 2 * arcHint);
        _next = new int[size];
        _to = new int[size];
        _capacity = new int[size];
        _cost = new double[size];
    }

    /// <summary>Adds an arc and returns its id, whose <see cref="Flow"/> can be read after solving.</summary>
    public int AddArc(int from, int to, int capacity, double cost)
    {
        if (_arcCount + 2 > _to.Length)
        {
            var size = _to.Length * 2;
            Array.Resize(ref _next, size);
            Array.Resize(ref _to, size);
            Array.Resize(ref _capacity, size);
            Array.Resize(ref _cost, size);
        }

        var id = _arcCount;
        Link(id, from, to, capacity, cost);
        Link(id + 1, to, from, 0, -cost);
        _arcCount += 2;
        return id;
    }

    /// <summary>Flow on an arc returned by <see cref="AddArc"/>: what its residual twin can send back.</summary>
    public int Flow(int arc) => _capacity[arc ^ 1];

    /// <summary>
    /// Sends up to <paramref name="amount"/> units from source to sink at minimum cost. Returns the units sent
    /// (fewer when the network cannot carry more, or when <paramref name="deadline"/> passes between paths).
    /// </summary>
    public int Solve(int source, int sink, int amount, Stopwatch clock, TimeSpan deadline)
    {
        var potential = new double[_nodeCount];
        var distance = new double[_nodeCount];
        var parentArc = new int[_nodeCount];
        var done = new bool[_nodeCount];
        var queue = new PriorityQueue<int, double>();
        var sent = 0;
        while (sent < amount)
        {
            if (clock.Elapsed > deadline)
            {
                break;
            }

            ShortestPaths(source, potential, distance, parentArc, done, queue);
            if (!done[sink])
            {
                break;
            }

            // Only reached nodes need new potentials: an unreached node stays unreachable in later passes,
            // because the residual arcs an augmentation creates join reached nodes only.
            for (var v = 0; v < _nodeCount; v++)
            {
                if (done[v])
                {
                    potential[v] += distance[v];
                }
            }

            var push = amount - sent;
            for (var v = sink; v != source; v = _to[parentArc[v] ^ 1])
            {
                push = Math.Min(push, _capacity[parentArc[v]]);
            }

            for (var v = sink; v != source; v = _to[parentArc[v] ^ 1])
            {
                _capacity[parentArc[v]] -= push;
                _capacity[parentArc[v] ^ 1] += push;
            }

            sent += push;
        }

        return sent;
    }

    private void ShortestPaths(int source, double[] potential, double[] distance, int[] parentArc, bool[] done, PriorityQueue<int, double> queue)
    {
        Array.Fill(distance, double.PositiveInfinity);
        Array.Fill(done, false);
        queue.Clear();
        distance[source] = 0;
        queue.Enqueue(source, 0);
        while (queue.TryDequeue(out var u, out var d))
        {
            if (done[u] || d > distance[u])
            {
                continue;
            }

            done[u] = true;
            for (var e = _head[u]; e >= 0; e = _next[e])
            {
                var v = _to[e];
                if (_capacity[e] <= 0 || done[v])
                {
                    continue;
                }

                // Rounding can leave a reduced cost a hair below zero; clamping keeps Dijkstra's invariant.
                var reduced = Math.Max(0, _cost[e] + potential[u] - potential[v]);
                var candidate = d + reduced;
                if (candidate < distance[v])
                {
                    distance[v] = candidate;
                    parentArc[v] = e;
                    queue.Enqueue(v, candidate);
                }
            }
        }
    }

    private void Link(int id, int from, int to, int capacity, double cost)
    {
        _to[id] = to;
        _capacity[id] = capacity;
        _cost[id] = cost;
        _next[id] = _head[from];
        _head[from] = id;
    }
}
