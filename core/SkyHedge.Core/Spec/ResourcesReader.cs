using System.Text.RegularExpressions;
using SkyHedge.Core.Model;
using YamlDotNet.RepresentationModel;

namespace SkyHedge.Core.Spec;

/// <summary>Reads <c>resources:</c> (SkyPilot's keys that matter for serving, plus <c>any_of</c>).</summary>
internal sealed partial class ResourcesReader
{
    private static readonly string[] Keys =
    [
        "accelerators", "any_of", "cloud", "cpus", "disk_size", "image_id", "infra", "instance_type", "memory", "ports", "region",
        "use_spot", "zone",
    ];

    private static readonly string[] AnyOfKeys = ["accelerators", "cloud", "infra", "instance_type", "region", "regions", "zone", "zones"];

    private readonly SpecReader _r;

    internal ResourcesReader(SpecReader reader)
    {
        _r = reader;
    }

    internal ResourcesSpec Read(YamlNode node, string path)
    {
        var keys = _r.Mapping(node, path, Keys);
        if (keys is null)
        {
            return new ResourcesSpec();
        }

        YamlNode? Get(string key) => keys.TryGetValue(key, out var kv) ? kv.Value : null;
        var place = ReadPlace(keys, path);
        var accelerators = Get("accelerators") is { } acc ? Accelerators(acc, SpecReader.Join(path, "accelerators")) : [];
        var anyOf = Get("any_of") is { } any ? AnyOf(any, SpecReader.Join(path, "any_of"), accelerators) : [];
        return new ResourcesSpec
        {
            Ports = Get("ports") is { } ports ? Ports(ports, SpecReader.Join(path, "ports")) : [],
            ImageId = Get("image_id") is { } image ? _r.String(image, SpecReader.Join(path, "image_id")) : null,
            Accelerators = accelerators,
            UseSpot = Get("use_spot") is { } spot && (_r.Bool(spot, SpecReader.Join(path, "use_spot")) ?? false),
            AnyOf = anyOf,
            Cloud = place.Cloud,
            Region = place.Regions.Count > 0 ? place.Regions[0] : null,
            Zone = place.Zones.Count > 0 ? place.Zones[0] : null,
            InstanceType = Get("instance_type") is { } it ? _r.String(it, SpecReader.Join(path, "instance_type")) : null,
            Cpus = Get("cpus") is { } cpus ? Amount(cpus, SpecReader.Join(path, "cpus")) : null,
            Memory = Get("memory") is { } mem ? Amount(mem, SpecReader.Join(path, "memory")) : null,
            DiskSize = Get("disk_size") is { } disk ? _r.Int(disk, SpecReader.Join(path, "disk_size"), min: 1) : null,
        };
    }

    /// <summary>GPU alternatives: <c>A100:1</c>, <c>{A100:1, H100:1}</c>, a list of those, or a mapping NAME: COUNT.</summary>
    internal IReadOnlyList<AcceleratorRequest> Accelerators(YamlNode node, string path)
    {
        var result = new List<AcceleratorRequest>();
        void Add(AcceleratorRequest request, YamlNode at)
        {
            if (result.Any(r => r.Name == request.Name))
            {
                _r.Error(at, path, $"expected each accelerator once, got '{request.Name}' twice");
            }
            else
            {
                result.Add(request);
            }
        }

        switch (node)
        {
            case YamlScalarNode when SpecReader.IsNull(node):
                break;
            case YamlScalarNode s:
                if (Model.Accelerators.TryParseRequests(s.Value, out var requests, out var error))
                {
                    requests.ToList().ForEach(q => Add(q, s));
                }
                else
                {
                    _r.Error(s, path, error);
                }

                break;
            case YamlSequenceNode seq:
                foreach (var item in seq.Children)
                {
                    if (item is not YamlScalarNode { Value: { } text } || SpecReader.IsNull(item))
                    {
                        _r.Error(item, path, $"expected NAME:COUNT such as 'A100:1', got {SpecReader.Describe(item)}");
                    }
                    else if (Model.Accelerators.TryParseRequest(text, out var one, out var itemError))
                    {
                        Add(one, item);
                    }
                    else
                    {
                        _r.Error(item, path, itemError);
                    }
                }

                break;
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    var name = (key as YamlScalarNode)?.Value;
                    if (!Model.Accelerators.TryNormalize(name, out var canonical))
                    {
                        _r.Error(key, path, $"unknown accelerator {SpecReader.Describe(key)}; known: {Model.Accelerators.KnownNamesText}");
                        continue;
                    }

                    var count = SpecReader.IsNull(value) ? 1 : _r.Int(value, SpecReader.Join(path, name!), min: 1);
                    if (count is { } c)
                    {
                        Add(new AcceleratorRequest(canonical, c), key);
                    }
                }

                break;
            default:
                _r.Error(node, path, $"expected 'NAME:COUNT', a list or a mapping of accelerators, got {SpecReader.Describe(node)}");
                break;
        }

        return result;
    }

    private List<int> Ports(YamlNode node, string path)
    {
        if (SpecReader.IsNull(node))
        {
            return [];
        }

        var items = node is YamlSequenceNode seq ? seq.Children.ToList() : [node];
        var ports = new List<int>();
        foreach (var item in items)
        {
            if (item is not YamlScalarNode s || !int.TryParse(s.Value, out var port) || port is < 1 or > 65535)
            {
                // SkyPilot also allows ranges ("8000-8010"); a served replica needs concrete ports.
                _r.Error(item, path, $"expected a port number 1..65535 (or a list of them), got {SpecReader.Describe(item)}");
            }
            else if (ports.Contains(port))
            {
                _r.Error(item, path, $"expected each port once, got {port} twice");
            }
            else
            {
                ports.Add(port);
            }
        }

        return ports;
    }

    private List<ResourceCandidate> AnyOf(YamlNode node, string path, IReadOnlyList<AcceleratorRequest> inherited)
    {
        if (node is not YamlSequenceNode seq)
        {
            _r.Error(node, path, $"expected a list of mappings (cloud, region(s), zone(s), accelerators), got {SpecReader.Describe(node)}");
            return [];
        }

        var result = new List<ResourceCandidate>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var keys = _r.Mapping(seq.Children[i], itemPath, AnyOfKeys);
            if (keys is null)
            {
                continue;
            }

            var place = ReadPlace(keys, itemPath);
            result.Add(new ResourceCandidate
            {
                Cloud = place.Cloud,
                Regions = place.Regions,
                Zones = place.Zones,
                Accelerators = keys.TryGetValue("accelerators", out var acc) ? Accelerators(acc.Value, SpecReader.Join(itemPath, "accelerators")) : inherited,
                InstanceType = keys.TryGetValue("instance_type", out var it) ? _r.String(it.Value, SpecReader.Join(itemPath, "instance_type")) : null,
            });
        }

        return result;
    }

    /// <summary>cloud / region(s) / zone(s) / infra, checked for consistency.</summary>
    private (string? Cloud, List<string> Regions, List<string> Zones) ReadPlace(Dictionary<string, (YamlNode Key, YamlNode Value)> keys, string path)
    {
        string? cloud = null;
        if (keys.TryGetValue("cloud", out var c) && _r.String(c.Value, SpecReader.Join(path, "cloud")) is { } cloudText)
        {
            cloud = Cloud(cloudText, c.Value, SpecReader.Join(path, "cloud"));
        }

        var regions = Names(keys, "region", "regions", path);
        var zones = Names(keys, "zone", "zones", path);
        if (keys.TryGetValue("infra", out var infra) && _r.String(infra.Value, SpecReader.Join(path, "infra")) is { } infraText)
        {
            // SkyPilot's newer form: cloud[/region[/zone]].
            var parts = infraText.Split('/');
            if (cloud is not null || regions.Count > 0 || zones.Count > 0 || parts.Length > 3 || parts.Any(p => p.Length == 0))
            {
                _r.Error(infra.Value, SpecReader.Join(path, "infra"), $"expected 'cloud[/region[/zone]]' used instead of cloud/region/zone, got '{infraText}'");
            }
            else
            {
                cloud = Cloud(parts[0], infra.Value, SpecReader.Join(path, "infra"));
                regions.AddRange(parts.Skip(1).Take(1).Select(r => (r, infra.Value)));
                zones.AddRange(parts.Skip(2).Select(z => (z, infra.Value)));
            }
        }

        var regionNames = regions.Select(r => r.Name).ToList();
        if (cloud is Clouds.Aws or Clouds.Gcp)
        {
            foreach (var (zone, node) in zones)
            {
                var region = Clouds.RegionOfZone(cloud, zone);
                if (region is null)
                {
                    _r.Error(node, path, $"expected {cloud} zone names such as {(cloud == Clouds.Aws ? "'us-east-1a'" : "'us-central1-a'")}, got '{zone}'");
                }
                else if (regionNames.Count > 0 && !regionNames.Contains(region))
                {
                    _r.Error(node, path, $"zone '{zone}' is in region '{region}', which is not among the regions given ({string.Join(", ", regionNames)})");
                }
            }

            if (regionNames.Count == 0)
            {
                // Zones alone pin their regions; fill them in so placers need not re-derive.
                regionNames.AddRange(zones.Select(z => Clouds.RegionOfZone(cloud, z.Name)).OfType<string>().Distinct());
            }
        }

        return (cloud, regionNames, zones.Select(z => z.Name).ToList());
    }

    private string? Cloud(string text, YamlNode node, string path)
    {
        if (Clouds.TryNormalize(text, out var cloud))
        {
            return cloud;
        }

        _r.Error(node, path, $"expected one of {string.Join(", ", Clouds.All)}, got '{text}'");
        return null;
    }

    /// <summary>Reads <c>region</c> (one) or <c>regions</c> (list), with each name's node; giving both is an error.</summary>
    private List<(string Name, YamlNode Node)> Names(Dictionary<string, (YamlNode Key, YamlNode Value)> keys, string single, string plural, string path)
    {
        var hasSingle = keys.TryGetValue(single, out var one);
        if (!keys.TryGetValue(plural, out var many))
        {
            return hasSingle && _r.String(one.Value, SpecReader.Join(path, single)) is { Length: > 0 } name ? [(name, one.Value)] : [];
        }

        if (hasSingle)
        {
            _r.Error(many.Key, SpecReader.Join(path, plural), $"expected either '{single}' or '{plural}', not both");
        }

        var result = new List<(string, YamlNode)>();
        foreach (var item in many.Value is YamlSequenceNode seq ? seq.Children.ToList() : [many.Value])
        {
            if (_r.String(item, SpecReader.Join(path, plural)) is { Length: > 0 } name)
            {
                result.Add((name, item));
            }
        }

        return result;
    }

    private string? Amount(YamlNode node, string path)
    {
        var text = node is YamlScalarNode s && !SpecReader.IsNull(s) ? s.Value : null;
        if (text is not null && AmountPattern().IsMatch(text))
        {
            return text;
        }

        if (!SpecReader.IsNull(node))
        {
            _r.Error(node, path, $"expected a number such as 4 or '4+' (at least 4), got {SpecReader.Describe(node)}");
        }

        return null;
    }

    [GeneratedRegex(@"^\d+(\.\d+)?\+?$")]
    private static partial Regex AmountPattern();
}
