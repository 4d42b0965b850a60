using Azure.Data.Tables;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.State;

/// <summary>Event rows: partition = service, row = inverted time + unique suffix (newest first).</summary>
internal static class EventEntityMapper
{
    public static TableEntity ToEntity(ReplicaEvent e) =>
        new(TableKeys.Check(e.Service, "service"), TableKeys.Event(e.Time))
        {
            ["Time"] = e.Time.ToUniversalTime(),
            ["ReplicaId"] = e.ReplicaId,
            ["Actor"] = e.Actor,
            ["Action"] = e.Action,
            ["FromStatus"] = e.FromStatus?.ToString(),
            ["ToStatus"] = e.ToStatus?.ToString(),
            ["Reason"] = e.Reason,
            ["Detail"] = e.Detail,
        };

    public static ReplicaEvent FromEntity(TableEntity e) =>
        new(
            e.PartitionKey,
            EntityColumns.Required(e, "ReplicaId"),
            EntityColumns.Time(e, "Time"),
            EntityColumns.Required(e, "Actor"),
            EntityColumns.Required(e, "Action"),
            EntityColumns.OptionalEnum<ReplicaStatus>(e, "FromStatus"),
            EntityColumns.OptionalEnum<ReplicaStatus>(e, "ToStatus"),
            e.GetString("Reason"),
            e.GetString("Detail"));
}
