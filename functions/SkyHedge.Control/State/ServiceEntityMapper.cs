using Azure.Data.Tables;

namespace SkyHedge.Control.State;

/// <summary>Service rows: one partition (<c>service</c>), row = service name. The listing of all services is one
/// partition scan, and there are few services.</summary>
internal static class ServiceEntityMapper
{
    /// <summary>A string column holds at most 64 KiB (32 K UTF-16 characters); refuse early with a clear message.</summary>
    public const int MaxSpecLength = 32_000;

    /// <summary>The routing table's column has the same limit as the spec's (about 600 rules in compact JSON).</summary>
    public const int MaxRoutingLength = 32_000;

    public static TableEntity ToEntity(ServiceRecord record) =>
        new(TableKeys.ServicePartition, TableKeys.Check(record.Name, "service name"))
        {
            ["SpecYaml"] = CheckSpec(record.SpecYaml),
            ["Version"] = record.Version,
            ["Status"] = record.Status.ToString(),
            ["CreatedAt"] = record.CreatedAt.ToUniversalTime(),
            ["UpdatedAt"] = record.UpdatedAt.ToUniversalTime(),

            // Null leaves the column out: rows written before routing existed read the same as rows without one.
            ["Routing"] = CheckRouting(record.Routing),
        };

    public static ServiceRecord FromEntity(TableEntity e) =>
        new(
            e.RowKey,
            EntityColumns.Required(e, "SpecYaml"),
            EntityColumns.Int(e, "Version"),
            EntityColumns.Enum<ServiceStatus>(e, "Status"),
            EntityColumns.Time(e, "CreatedAt"),
            EntityColumns.Time(e, "UpdatedAt"),
            e.GetString("Routing"));

    private static string CheckSpec(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return yaml.Length <= MaxSpecLength
            ? yaml
            : throw new ArgumentException($"The spec is {yaml.Length} characters; the state store keeps at most {MaxSpecLength}.", nameof(yaml));
    }

    private static string? CheckRouting(string? json) =>
        json is null || json.Length <= MaxRoutingLength
            ? json
            : throw new ArgumentException($"The routing table is {json.Length} characters; the state store keeps at most {MaxRoutingLength}.", nameof(json));
}
