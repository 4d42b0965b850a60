using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkyHedge.Clouds.Fake;

/// <summary>The state file format: camelCase JSON, enums as names, indented so a failing test's file can be read.</summary>
internal static class FakeCloudJson
{
    private static readonly JsonSerializerOptions _options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Write(Stream stream, FakeCloudState state)
    {
        state.Format = FakeCloudState.FormatName;
        state.Version = FakeCloudState.CurrentVersion;
        JsonSerializer.Serialize(stream, state, _options);
    }

    /// <summary>Parses a state file; an empty file is a fresh cloud (tests often start from
    /// <see cref="Path.GetTempFileName"/>).</summary>
    /// <exception cref="InvalidDataException">Not a fake-cloud state file, or a newer version.</exception>
    public static FakeCloudState Read(byte[] bytes, string path)
    {
        if (bytes.Length == 0)
        {
            return new FakeCloudState();
        }

        FakeCloudState? state;
        try
        {
            state = JsonSerializer.Deserialize<FakeCloudState>(bytes, _options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a fake-cloud state file: {ex.Message}", ex);
        }

        if (state is null || state.Format != FakeCloudState.FormatName)
        {
            throw new InvalidDataException($"{path}: not a fake-cloud state file (expected format '{FakeCloudState.FormatName}').");
        }

        if (state.Version != FakeCloudState.CurrentVersion)
        {
            throw new InvalidDataException($"{path}: fake-cloud state version {state.Version}, expected {FakeCloudState.CurrentVersion}.");
        }

        return state;
    }
}
