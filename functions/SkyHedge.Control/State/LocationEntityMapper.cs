using System.Text.Json;
using Azure.Data.Tables;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.State;

/// <summary>Location rows: partition = service, row = <c>cloud|region|zone</c>. The parts are also stored as
/// columns so reading never has to split the key. The history is a JSON array of ISO-8601 UTC timestamps.</summary>
internal static class LocationEntityMapper
{
    public static TableEntity ToEntity(LocationRecord record, int historyLimit) =>
        new(TableKeys.Check(record.Service, "service"), TableKeys.Location(record.Location))
        {
            ["Cloud"] = record.Location.Cloud,
            ["Region"] = record.Location.Region,
            ["Zone"] = record.Location.Zone,
            ["State"] = record.State.ToString(),
            ["PreemptionCount"] = record.PreemptionCount,
            ["LastPreemptionTime"] = EntityColumns.Utc(record.LastPreemptionTime),
            ["RecentPreemptions"] = JsonSerializer.Serialize(Trim(record.RecentPreemptions, historyLimit)),
        };

    public static LocationRecord FromEntity(TableEntity e, int historyLimit)
    {
        var location = new Location(EntityColumns.Required(e, "Cloud"), EntityColumns.Required(e, "Region"), e.GetString("Zone") ?? string.Empty);
        var history = e.GetString("RecentPreemptions") is { } json ? JsonSerializer.Deserialize<DateTimeOffset[]>(json) ?? [] : [];
        return new LocationRecord(
            e.PartitionKey,
            location,
            EntityColumns.Enum<LocationState>(e, "State"),
            EntityColumns.Int(e, "PreemptionCount"),
            e.GetDateTimeOffset("LastPreemptionTime"),
            Trim(history, historyLimit));
    }

    /// <summary>Oldest first, newest <paramref name="limit"/> kept, as UTC.</summary>
    public static DateTimeOffset[] Trim(IEnumerable<DateTimeOffset> history, int limit) =>
        [.. history.Select(t => t.ToUniversalTime()).Order().TakeLast(limit)];
}
