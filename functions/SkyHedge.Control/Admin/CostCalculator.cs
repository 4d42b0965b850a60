using SkyHedge.Control.State;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.Admin;

/// <summary>
/// A service's cost from its replica rows. Billing runs from launch to end (or now): <see cref="Replica.CostUpTo"/>.
/// The on-demand equivalent prices each replica's hours at an on-demand rate: its own price when it ran on demand;
/// else the injected lookup (by default the price catalog's on-demand price of the same instance type); else the
/// highest on-demand price this service paid for the same accelerator; else its own price, so a replica that
/// cannot be priced never inflates the savings.
/// </summary>
internal sealed class CostCalculator(Func<Replica, decimal?> onDemandPrice)
{
    /// <summary>Dollars are shown to a millionth: finer digits are noise from hour fractions.</summary>
    private const int Decimals = 6;

    public CostView Compute(IReadOnlyList<ReplicaRecord> rows, DateTimeOffset now)
    {
        var paidOnDemand = rows
            .Where(r => r.Replica.Market == Market.OnDemand)
            .GroupBy(r => r.Replica.Accelerator, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Max(r => r.Replica.HourlyPrice), StringComparer.OrdinalIgnoreCase);
        decimal spot = 0m, onDemand = 0m, equivalent = 0m;
        foreach (var replica in rows.Select(r => r.Replica))
        {
            var cost = replica.CostUpTo(now);
            if (replica.Market == Market.Spot)
            {
                spot += cost;
            }
            else
            {
                onDemand += cost;
            }

            var rate = replica.Market == Market.OnDemand
                ? replica.HourlyPrice
                : onDemandPrice(replica) ?? paidOnDemand.GetValueOrDefault(replica.Accelerator, replica.HourlyPrice);
            equivalent += rate * (decimal)Hours(replica, now);
        }

        var s = Round(spot);
        var d = Round(onDemand);
        return new CostView(s + d, s, d, Round(equivalent));
    }

    private static double Hours(Replica replica, DateTimeOffset now) =>
        replica.LaunchTime is { } start && (replica.EndTime ?? now) > start ? ((replica.EndTime ?? now) - start).TotalHours : 0;

    private static decimal Round(decimal value) => Math.Round(value, Decimals, MidpointRounding.AwayFromZero);
}
