using System.Text.Json;
using System.Text.Json.Serialization;
using SkyHedge.Core.Routing;

namespace SkyHedge.Router.Replicas;

/// <summary>
/// Services and replicas from a JSON file (<c>--replicas FILE</c>): for benchmarks and for a router in front of
/// fixed servers, with no storage account. Re-read on every poll, so editing the file re-routes within 2 s.
/// </summary>
/// <remarks>Format (snake_case; unknown keys are errors):
/// <code>
/// {"services": [{"name": "llama", "load_balancing_policy": "least_load", "default_max_tokens": 256,
///   "routing": [{"input": [0, 512], "output": [0, null], "pool": "A10G"}],
///   "replicas": [{"id": "r1", "address": "http://127.0.0.1:9001", "accelerator": "A10G", "token": "…",
///                 "zone": "z1", "market": "spot", "draining": false}]}]}
/// </code></remarks>
internal sealed class FileReplicaSource(string path, RouterOptions options) : IReplicaSource
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public async Task<IReadOnlyList<ServiceRoutes>> LoadAllAsync(CancellationToken cancellationToken)
    {
        ReplicaFile? file;
        try
        {
            await using var stream = File.OpenRead(path);
            file = await JsonSerializer.DeserializeAsync<ReplicaFile>(stream, Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }

        var services = new List<ServiceRoutes>();
        foreach (var (service, i) in (file?.Services ?? []).Select((s, i) => (s, i)))
        {
            services.Add(Build(service, $"{path}: services[{i}]"));
        }

        var duplicate = services.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? services : throw new InvalidDataException($"{path}: service '{duplicate.Key}' appears twice.");
    }

    public async Task<ServiceRoutes?> LoadServiceAsync(string name, CancellationToken cancellationToken) =>
        (await LoadAllAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.Name == name);

    private ServiceRoutes Build(FileService service, string where)
    {
        if (string.IsNullOrWhiteSpace(service.Name))
        {
            throw new InvalidDataException($"{where}.name: expected the service name.");
        }

        RoutingTable routing;
        try
        {
            routing = RoutingTable.Parse(service.Routing?.GetRawText());
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"{where}.{ex.Message}", ex);
        }

        var replicas = (service.Replicas ?? []).Select((r, j) =>
        {
            if (string.IsNullOrWhiteSpace(r.Id) || !Uri.TryCreate(r.Address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new InvalidDataException($"{where}.replicas[{j}]: expected an id and an http(s) address, got id '{r.Id}', address '{r.Address}'.");
            }

            return ServiceRoutesFactory.Replica(service.Name, r.Id, r.Address!, r.Token, r.Accelerator ?? "A10G", r.Zone ?? string.Empty, r.Market ?? "spot", r.Draining);
        });
        return ServiceRoutesFactory.Service(
            service.Name,
            ServiceRoutesFactory.Policy(service.LoadBalancingPolicy),
            routing,
            service.DefaultMaxTokens is > 0 ? service.DefaultMaxTokens.Value : options.DefaultMaxTokens,
            replicas);
    }

    private sealed record ReplicaFile(IReadOnlyList<FileService>? Services);

    private sealed record FileService(
        string Name, string? LoadBalancingPolicy, int? DefaultMaxTokens, JsonElement? Routing, IReadOnlyList<FileReplica>? Replicas);

    private sealed record FileReplica(string Id, string? Address, string? Accelerator, string? Token, string? Zone, string? Market, bool Draining);
}
