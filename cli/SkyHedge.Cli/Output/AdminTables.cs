using System.Globalization;
using SkyHedge.Cli.Admin;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SkyHedge.Cli.Output;

/// <summary>The admin verbs' human output: Spectre.Console tables, colored only on a terminal (a redirected stream
/// or a test's writer gets plain text, wide enough not to wrap). Times are UTC, prices USD.</summary>
internal static class AdminTables
{
    /// <summary>Width for output that is not a terminal: tables never pad to it, it only prevents wrapping.</summary>
    private const int PlainWidth = 240;

    public static void Services(IReadOnlyList<ServiceInfo> services, TextWriter writer)
    {
        if (services.Count == 0)
        {
            writer.WriteLine("No services. Create one with: skyhedge up SPEC.yaml");
            return;
        }

        var table = NewTable("SERVICE", "VERSION", "STATUS", "READY", "LIVE", "ENDED", "SPENT", "ON-DEMAND EQUIV.");
        foreach (var s in services)
        {
            var live = s.Replicas.Count(r => r.IsLive);
            table.AddRow(
                Plain(s.Name), Plain(Number(s.Version)), Status(s.Status), Plain(Number(s.Replicas.Count(r => r.Status == "ready"))),
                Plain(Number(live)), Plain(Number(s.Replicas.Count - live)), Plain(Usd(s.Cost.Spent)), Plain(Usd(s.Cost.OnDemandEquivalent)));
        }

        Write(table, writer);
    }

    public static void Service(ServiceInfo service, TextWriter writer)
    {
        var live = service.Replicas.Count(r => r.IsLive);
        var ready = service.Replicas.Count(r => r.Status == "ready");
        writer.WriteLine($"service  {service.Name}");
        writer.WriteLine($"version  {Number(service.Version)}");
        writer.WriteLine($"status   {service.Status}");
        writer.WriteLine($"replicas {Number(ready)} ready of {Number(live)} live ({Number(service.Replicas.Count - live)} ended)");
        writer.WriteLine($"cost     {Cost(service.Cost)}");
        if (service.Replicas.Count > 0)
        {
            writer.WriteLine();
            Replicas(service.Replicas, writer);
        }

        if (service.Locations.Count > 0)
        {
            writer.WriteLine();
            var table = NewTable("CLOUD", "REGION", "ZONE", "PLACER STATE", "PREEMPTIONS");
            foreach (var l in service.Locations)
            {
                table.AddRow(Plain(l.Cloud), Plain(l.Region), Plain(l.Zone), Status(l.State), Plain(Number(l.Preemptions)));
            }

            Write(table, writer);
        }
    }

    public static void Replicas(IReadOnlyList<ReplicaInfo> replicas, TextWriter writer)
    {
        if (replicas.Count == 0)
        {
            writer.WriteLine("No replicas yet.");
            return;
        }

        var table = NewTable("ID", "ZONE", "MARKET", "STATUS", "ACCELERATOR", "$/HOUR", "LAUNCHED", "READY", "VERSION");
        table.Columns[5].RightAligned();
        foreach (var r in replicas)
        {
            var status = r.EndReason is { Length: > 0 } reason ? $"{r.Status} ({reason})" : r.Status;
            table.AddRow(
                Plain(r.Id), Plain(Zone(r.Cloud, r.Region, r.Zone)), Plain(r.Market), Status(r.Status, status), Plain(r.Accelerator),
                Plain(r.PricePerHour.ToString("0.000", CultureInfo.InvariantCulture)), Plain(Time(r.LaunchedAt)), Plain(Time(r.ReadyAt)),
                Plain(Number(r.Version)));
        }

        Write(table, writer);
    }

    /// <summary>A UTC time like <c>2025-03-01 12:00:00Z</c>, or <c>-</c>.</summary>
    public static string Time(DateTimeOffset? time) => time?.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>Where a replica runs: <c>aws us-east-1a</c> when the zone names its region, else
    /// <c>azure eastus/2</c>.</summary>
    public static string Zone(string cloud, string region, string zone) =>
        zone.StartsWith(region, StringComparison.Ordinal) ? $"{cloud} {zone}" : $"{cloud} {region}/{zone}";

    private static string Cost(CostInfo cost)
    {
        var text = $"{Usd(cost.Spent)} spent (spot {Usd(cost.Spot)}, on-demand {Usd(cost.OnDemand)})";
        if (cost.OnDemandEquivalent > 0)
        {
            var saved = 1 - (cost.Spent / cost.OnDemandEquivalent);
            text += $"; all on demand: {Usd(cost.OnDemandEquivalent)} ({saved.ToString("0%", CultureInfo.InvariantCulture)} saved)";
        }

        return text;
    }

    private static string Usd(decimal value) => "$" + value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static Table NewTable(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)));
        }

        return table;
    }

    private static Text Plain(string text) => new(text);

    /// <summary>Status text colored by how it is doing (colors only show on a terminal).</summary>
    private static Text Status(string status, string? shown = null) => new(shown ?? status, status switch
    {
        "ready" or "active" => new Style(Color.Green),
        "terminated" => new Style(Color.Grey),
        "preempted" or "not_ready" => new Style(Color.Red),
        _ when status.StartsWith("failed", StringComparison.Ordinal) => new Style(Color.Red),
        _ => new Style(Color.Yellow),
    });

    /// <summary>Renders <paramref name="table"/> without the blank rows and trailing padding Spectre's borders leave,
    /// so plain output greps and diffs cleanly.</summary>
    private static void Write(Table table, TextWriter writer)
    {
        var terminal = (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected)
            || (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);
        using var buffer = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(buffer),
            Ansi = terminal ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = terminal ? TerminalWidth() : PlainWidth;
        console.Write(table);
        var lines = buffer.ToString().Split('\n').Select(l => l.TrimEnd()).ToList();
        foreach (var line in lines.SkipWhile(l => l.Length == 0).Reverse().SkipWhile(l => l.Length == 0).Reverse())
        {
            writer.WriteLine(line);
        }
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : PlainWidth;
        }
        catch (IOException)
        {
            return PlainWidth;
        }
    }
}
