using SkyHedge.Core.Ports;

namespace SkyHedge.Control.Clouds;

/// <summary>The configured clouds, by id. Activities look a replica's cloud up here.</summary>
public sealed class CloudProviders
{
    private readonly Dictionary<string, ICloudProvider> _byCloud;

    public CloudProviders(IEnumerable<ICloudProvider> providers)
    {
        _byCloud = new Dictionary<string, ICloudProvider>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in providers)
        {
            if (!_byCloud.TryAdd(p.Cloud, p))
            {
                throw new ArgumentException($"two providers for cloud \"{p.Cloud}\"", nameof(providers));
            }
        }
    }

    public IReadOnlyCollection<ICloudProvider> All => _byCloud.Values;

    public ICloudProvider Get(string cloud) =>
        _byCloud.TryGetValue(cloud, out var p)
            ? p
            : throw new InvalidOperationException($"no cloud provider configured for \"{cloud}\"; configured: {string.Join(", ", _byCloud.Keys)}");
}
