using System.Reflection;
using System.Text.Json;
using SkyHedge.Testing;

namespace SkyHedge.Functions.Tests;

/// <summary>The Functions app's generated <c>functions.metadata</c> (what the host indexes), read from the app's
/// build output of the same configuration as this test assembly.</summary>
internal sealed class FunctionsMetadata
{
    private FunctionsMetadata(string path, IReadOnlyDictionary<string, JsonElement> functions)
    {
        Path = path;
        Functions = functions;
    }

    public string Path { get; }

    /// <summary>Each function's entry, by function name.</summary>
    public IReadOnlyDictionary<string, JsonElement> Functions { get; }

    public static FunctionsMetadata Load()
    {
        // Debug or Release, as this assembly was built: the project reference built the app the same way.
        var configuration = typeof(FunctionsMetadata).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = RepoRoot.Combine("functions", "SkyHedge.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build functions/SkyHedge.Functions ({configuration}) first");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var functions = document.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone(), StringComparer.Ordinal);
        return new FunctionsMetadata(path, functions);
    }

    /// <summary>The function's trigger binding (the one whose type ends in "Trigger").</summary>
    public JsonElement Trigger(string function)
    {
        Assert.True(Functions.TryGetValue(function, out var entry), $"function {function} is not in {Path}; present: {string.Join(", ", Functions.Keys.Order())}");
        var triggers = Bindings(entry).Where(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal)).ToList();
        return Assert.Single(triggers);
    }

    public static IEnumerable<JsonElement> Bindings(JsonElement function) => function.GetProperty("bindings").EnumerateArray();

    public static string? Property(JsonElement binding, string name) =>
        binding.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } p
            ? p.Value.GetString()
            : null;
}
