using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SkyHedge.Cli.Admin;
using SkyHedge.Cli.Output;

namespace SkyHedge.Cli.Commands;

/// <summary><c>skyhedge logs NAME</c>: the service's audit trail of controller and replica events
/// (<c>GET /api/services/{name}/events</c>), printed oldest first so the newest line is the last one.</summary>
/// <remarks>Lines are <see cref="LogLine"/>s merged by time, so other sources (a local replica's process output, once
/// the local cloud writes it) can join the events without changing the printing.</remarks>
internal static class LogsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var name = new Argument<string>("NAME") { Description = "The service." };
        var max = new Option<int?>("--max")
        {
            Description = "The newest N events (before --replica filtering). Default: the API's (100); the API allows at most 1000.",
            HelpName = "N",
        };
        var replica = new Option<string?>("--replica") { Description = "Only this replica's events (filtered by the CLI).", HelpName = "ID" };
        var localLogs = new Option<string?>("--local-logs")
        {
            Description = "Also print each local replica's process output (the 'replica logs' folder `local up` prints), last 40 lines each.",
            HelpName = "DIR",
        };
        return AdminVerb.Create(
            "logs",
            "Show a service's controller and replica events, oldest first. --json gives the API's events, newest first as it sends them.",
            stdout,
            stderr,
            [name, max, replica, localLogs],
            async call =>
            {
                var service = call.Parse.GetValue(name)!;
                var count = call.Parse.GetValue(max);
                if (count is < 1)
                {
                    throw new CliFailure(ExitCodes.Usage, $"--max: expected a positive number of events, got {count.Value.ToString(CultureInfo.InvariantCulture)}");
                }

                var path = AdminClient.Path("services", service, "events")
                    + (count is { } n ? "?max=" + n.ToString(CultureInfo.InvariantCulture) : string.Empty);
                var reply = await call.Client.SendAsync(HttpMethod.Get, path, cancellationToken: call.CancellationToken).ConfigureAwait(false);
                var events = AdminViews.Read<List<EventInfo>>(reply, "event list");
                var only = call.Parse.GetValue(replica);
                var lines = events.Where(e => only is null || e.ReplicaId == only).Select(FromEvent).Reverse().ToList();
                Print(lines, call.Out);
                if (call.Parse.GetValue(localLogs) is { } folder)
                {
                    PrintProcessOutput(Path.Combine(folder, service), only, call.Out);
                }

                call.Json(only is null ? reply.Body : Filter(reply.Body, only));
            });
    }

    /// <summary>The tail of each replica's process output file (<c>{folder}/{replica}.log</c>, as the local cloud
    /// writes them); the files carry no per-line times, so they follow the events rather than merging into them.</summary>
    private static void PrintProcessOutput(string folder, string? only, TextWriter writer)
    {
        if (!Directory.Exists(folder))
        {
            throw new CliFailure(ExitCodes.Usage, $"--local-logs: no replica output in {folder}");
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.log").Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileNameWithoutExtension(file);
            if (only is not null && id != only)
            {
                continue;
            }

            writer.WriteLine($"── {id} process output ({file}) ──");
            foreach (var line in File.ReadLines(file).TakeLast(40))
            {
                writer.WriteLine("  " + line);
            }
        }
    }

    /// <summary>Prints lines oldest first (a stable sort: lines of one instant keep their order).</summary>
    internal static void Print(IEnumerable<LogLine> lines, TextWriter writer)
    {
        var any = false;
        foreach (var line in lines.OrderBy(l => l.Time))
        {
            any = true;
            writer.WriteLine($"{line.Time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}  {(line.Replica.Length > 0 ? line.Replica : "-"),-14}  {line.Text}");
        }

        if (!any)
        {
            writer.WriteLine("No events yet.");
        }
    }

    private static LogLine FromEvent(EventInfo e)
    {
        var text = (e.FromStatus, e.ToStatus) switch
        {
            (null, null) => e.Action,
            (null, { } to) => $"{e.Action}: {to}",
            ({ } from, var to) => $"{e.Action}: {from} → {to ?? "-"}",
        };

        text += $"  by {e.Actor}";
        if (e.Reason is { Length: > 0 } reason)
        {
            text += $"  reason: {reason}";
        }

        if (e.Detail is { Length: > 0 } detail)
        {
            text += $"  {AdminClient.OneLine(detail)}";
        }

        return new LogLine(e.Time, e.ReplicaId, "event", text);
    }

    /// <summary>The API's event array with only <paramref name="replicaId"/>'s entries, each as the API wrote it.</summary>
    private static string Filter(string body, string replicaId)
    {
        using var doc = JsonDocument.Parse(body);
        var kept = doc.RootElement.EnumerateArray()
            .Where(e => e.TryGetProperty("replica_id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == replicaId)
            .Select(e => e.GetRawText());
        return "[" + string.Join(",", kept) + "]";
    }
}
