using Azure.Data.Tables;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.State;

/// <summary>Replica rows: partition = service, row = replica id. Enums are stored by name and the price as
/// invariant text, because Table storage has no decimal and a double would not round-trip a price exactly.</summary>
internal static class ReplicaEntityMapper
{
    public static TableEntity ToEntity(ReplicaRecord record)
    {
        var r = record.Replica;
        return new TableEntity(TableKeys.Check(r.Service, "service"), TableKeys.Check(r.Id, "replica id"))
        {
            ["Cloud"] = r.Cloud,
            ["Region"] = r.Region,
            ["Zone"] = r.Zone,
            ["InstanceType"] = r.InstanceType,
            ["Accelerator"] = r.Accelerator,
            ["Market"] = r.Market.ToString(),
            ["HourlyPrice"] = EntityColumns.Text(r.HourlyPrice),
            ["Status"] = r.Status.ToString(),
            ["LaunchTime"] = EntityColumns.Utc(r.LaunchTime),
            ["ReadyTime"] = EntityColumns.Utc(r.ReadyTime),
            ["EndTime"] = EntityColumns.Utc(r.EndTime),
            ["Reason"] = r.Reason,
            ["SpecVersion"] = record.SpecVersion,
            ["InstanceId"] = record.InstanceId,
            ["Address"] = record.Address,
            ["ReplicaToken"] = record.ReplicaToken,
            ["IdempotencyToken"] = record.IdempotencyToken,
        };
    }

    public static ReplicaRecord FromEntity(TableEntity e)
    {
        var replica = new Replica(
            e.RowKey,
            e.PartitionKey,
            EntityColumns.Required(e, "Cloud"),
            EntityColumns.Required(e, "Region"),
            e.GetString("Zone") ?? string.Empty,
            EntityColumns.Required(e, "InstanceType"),
            EntityColumns.Required(e, "Accelerator"),
            EntityColumns.Enum<Market>(e, "Market"),
            EntityColumns.Decimal(e, "HourlyPrice"),
            EntityColumns.Enum<ReplicaStatus>(e, "Status"),
            e.GetDateTimeOffset("LaunchTime"),
            e.GetDateTimeOffset("ReadyTime"),
            e.GetDateTimeOffset("EndTime"),
            e.GetString("Reason"));
        return new ReplicaRecord(
            replica,
            EntityColumns.Int(e, "SpecVersion"),
            e.GetString("InstanceId"),
            e.GetString("Address"),
            e.GetString("ReplicaToken"),
            e.GetString("IdempotencyToken"));
    }

    /// <summary>The names of the columns whose stored values differ (for the audit trail: names, never values).</summary>
    public static string ChangedColumns(TableEntity before, TableEntity after)
    {
        var names = before.Keys.Union(after.Keys)
            .Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
            .Where(k => !Equals(before.TryGetValue(k, out var b) ? b : null, after.TryGetValue(k, out var a) ? a : null))
            .Order(StringComparer.Ordinal);
        return string.Join(',', names);
    }
}
