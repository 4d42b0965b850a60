using System.Text.Json;

namespace SkyHedge.Router.Tests.Reliability;

/// <summary>A <c>--replicas</c> file (format in <c>FileReplicaSource</c>) for one service, in the temp folder;
/// deleted on dispose. Lets two routers in a row serve the same replicas without any storage.</summary>
internal sealed class ReplicasFile : IDisposable
{
    private ReplicasFile(string path) => Path = path;

    public string Path { get; }

    public static ReplicasFile Write(string service, string policy, params (string Id, string Address, string Token)[] replicas)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"replicas-{Guid.NewGuid():N}.json");
        var file = new Dictionary<string, object>
        {
            ["services"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = service,
                    ["load_balancing_policy"] = policy,
                    ["replicas"] = replicas.Select(r => new Dictionary<string, string>
                    {
                        ["id"] = r.Id,
                        ["address"] = r.Address,
                        ["token"] = r.Token,
                        ["accelerator"] = "A10G",
                    }).ToArray(),
                },
            },
        };
        File.WriteAllText(path, JsonSerializer.Serialize(file));
        return new ReplicasFile(path);
    }

    public void Dispose() => File.Delete(Path);
}
