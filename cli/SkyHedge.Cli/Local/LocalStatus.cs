using System.Globalization;
using SkyHedge.Clouds.Local;
using SkyHedge.Control.Controller;
using SkyHedge.Control.State;
using SkyHedge.Core.Model;
using SkyHedge.Simulation.Traces;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SkyHedge.Cli.Local;

/// <summary>What <c>local up</c> shows about its service: replicas by zone, market and GPU with counts by status, whether
/// each zone has spot capacity in the trace right now, spend so far and requests/s. Rendered as a live table in a
/// terminal and as a text block when the output is redirected (logs, tests, CI).</summary>
internal sealed record LocalStatus(TimeSpan Elapsed, string Service, decimal Spend, double RequestsPerSecond, TimeSpan TraceTime, IReadOnlyList<LocalStatus.Row> Rows)
{
    /// <summary>One zone, market and GPU: the trace's spot capacity there now and the service's replicas by status.</summary>
    internal sealed record Row(string Zone, Market Market, string Gpu, string Capacity, IReadOnlyDictionary<ReplicaStatus, int> Counts);

    /// <summary>Reads the replica rows and request counts and asks the cloud for each zone's capacity.</summary>
    public static async Task<LocalStatus> ReadAsync(IStateStore store, LocalCloudProvider cloud, string service, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var replicas = await store.ListReplicasAsync(service, cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        var counts = await store.GetRequestCountsAsync(service, now.AddMinutes(-1), now.AddMinutes(1), cancellationToken).ConfigureAwait(false);
        var spend = replicas.Sum(r => r.Replica.HourlyPrice * (decimal)Math.Max(0, ((r.Replica.EndTime ?? now) - (r.Replica.LaunchTime ?? now)).TotalHours));
        var perSecond = ScaleMath.RequestsInWindow(counts, now, TimeSpan.FromMinutes(1)) / 60.0;
        var rows = replicas
            .GroupBy(r => (r.Replica.Zone, r.Replica.Market, r.Replica.Accelerator))
            .OrderBy(g => g.Key.Zone, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Market)
            .ThenBy(g => g.Key.Accelerator, StringComparer.Ordinal)
            .Select(g => new Row(
                g.Key.Zone,
                g.Key.Market,
                g.Key.Accelerator,
                g.Key.Market == Market.Spot ? Capacity(cloud, g.Key.Zone) : "always",
                g.GroupBy(r => r.Replica.Status).ToDictionary(s => s.Key, s => s.Count())))
            .ToList();
        return new LocalStatus(elapsed, service, spend, perSecond, cloud.TraceTime, rows);
    }

    /// <summary>The text block for redirected output, one line per zone and market.</summary>
    public string ToText()
    {
        var lines = new List<string> { $"── {Heading()} ──" };
        foreach (var row in Rows)
        {
            var byStatus = row.Counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}");
            lines.Add($"  {row.Zone,-14} {MarketName(row.Market),-10} {row.Gpu,-10} {string.Join(", ", byStatus)}");
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The live table: a column per status that any zone has, live ones first.</summary>
    public IRenderable ToTable()
    {
        var statuses = Rows.SelectMany(r => r.Counts.Keys).Distinct().Order().ToList();
        var table = new Table
        {
            Border = TableBorder.Rounded,
            Title = new TableTitle(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{Service}  {Elapsed:hh\\:mm\\:ss}"))),
            Caption = new TableTitle(Markup.Escape(Rows.Count == 0 ? "no replicas yet  " + Figures() : Figures())),
        };
        table.AddColumn("zone").AddColumn("market").AddColumn("gpu").AddColumn("spot capacity");
        foreach (var status in statuses)
        {
            table.AddColumn(new TableColumn(status.ToString()).RightAligned());
        }

        foreach (var row in Rows)
        {
            var cells = new List<IRenderable> { new Text(row.Zone), new Text(MarketName(row.Market)), new Text(row.Gpu), new Markup(CapacityMarkup(row.Capacity)) };
            cells.AddRange(statuses.Select(s => (IRenderable)new Text(row.Counts.TryGetValue(s, out var n) ? n.ToString(CultureInfo.InvariantCulture) : string.Empty)));
            table.AddRow(cells);
        }

        return table;
    }

    private string Heading() => string.Create(CultureInfo.InvariantCulture, $"{Elapsed:hh\\:mm\\:ss}  {Service}  {Figures()}");

    private string Figures() => string.Create(
        CultureInfo.InvariantCulture, $"spend ${Spend:0.0000}  {RequestsPerSecond:0.0} requests/s (last minute)  trace +{TraceTime.TotalHours:0.0} h");

    private static string Capacity(LocalCloudProvider cloud, string zone)
    {
        var local = cloud.Zones.FirstOrDefault(z => string.Equals(z.Zone, zone, StringComparison.Ordinal));
        if (local is null)
        {
            return "?";
        }

        return cloud.SpotCapacity(local) switch
        {
            ZoneTrace.Unlimited => "available",
            0 => "none",
            var n => n.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static string CapacityMarkup(string capacity) => capacity switch
    {
        "none" => "[red]none[/]",
        "available" => "[green]available[/]",
        _ => Markup.Escape(capacity),
    };

    private static string MarketName(Market market) => market == Market.Spot ? "spot" : "on-demand";
}
