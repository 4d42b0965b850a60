using System.Globalization;
using Azure.Data.Tables;

namespace SkyHedge.Control.State;

/// <summary>Typed reads of stored columns. A row this code cannot read is reported with its keys, not as a null
/// reference somewhere later.</summary>
internal static class EntityColumns
{
    public static string Required(TableEntity entity, string column) =>
        entity.GetString(column) ?? throw Corrupt(entity, column, "is missing");

    public static T Enum<T>(TableEntity entity, string column)
        where T : struct, System.Enum =>
        System.Enum.TryParse<T>(Required(entity, column), ignoreCase: false, out var value) && System.Enum.IsDefined(value)
            ? value
            : throw Corrupt(entity, column, $"is not a {typeof(T).Name}");

    public static T? OptionalEnum<T>(TableEntity entity, string column)
        where T : struct, System.Enum =>
        entity.GetString(column) is null ? null : Enum<T>(entity, column);

    public static decimal Decimal(TableEntity entity, string column) =>
        decimal.TryParse(Required(entity, column), NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Corrupt(entity, column, "is not a decimal");

    public static int Int(TableEntity entity, string column) => entity.GetInt32(column) ?? throw Corrupt(entity, column, "is missing");

    public static long Long(TableEntity entity, string column) => entity.GetInt64(column) ?? throw Corrupt(entity, column, "is missing");

    public static DateTimeOffset Time(TableEntity entity, string column) => entity.GetDateTimeOffset(column) ?? throw Corrupt(entity, column, "is missing");

    /// <summary>Stored as UTC so the table reads the same in every tool; the instant is what matters.</summary>
    public static DateTimeOffset? Utc(DateTimeOffset? time) => time?.ToUniversalTime();

    public static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static InvalidDataException Corrupt(TableEntity entity, string column, string problem) =>
        new($"Row ({entity.PartitionKey}, {entity.RowKey}): column {column} {problem}.");
}
