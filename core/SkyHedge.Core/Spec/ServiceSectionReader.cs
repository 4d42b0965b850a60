using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace SkyHedge.Core.Spec;

/// <summary>Reads <c>service:</c> (SkyServe's service spec) and checks its numbers against each other.</summary>
internal sealed class ServiceSectionReader
{
    private static readonly string[] Keys = ["load_balancing_policy", "ports", "readiness_probe", "replica_policy", "replicas"];
    private static readonly string[] ProbeKeys = ["headers", "initial_delay_seconds", "path", "post_data", "timeout_seconds"];

    private static readonly string[] PolicyKeys =
    [
        "base_ondemand_fallback_replicas", "downscale_delay_seconds", "dynamic_ondemand_fallback", "max_replicas", "min_replicas",
        "num_overprovision", "spot_placer", "target_qps_per_replica", "upscale_delay_seconds",
    ];

    private readonly SpecReader _r;

    internal ServiceSectionReader(SpecReader reader)
    {
        _r = reader;
    }

    /// <param name="node">The <c>service:</c> value.</param>
    /// <param name="path">Key path for messages.</param>
    /// <param name="useSpot">From <c>resources.use_spot</c>: spot-only settings need it, and it sets the over-provisioning default.</param>
    internal ServiceSection Read(YamlNode node, string path, bool useSpot, bool mixPlanned = false)
    {
        var keys = _r.Mapping(node, path, Keys);
        if (keys is null)
        {
            return new ServiceSection { ReplicaPolicy = DefaultPolicy(useSpot) };
        }

        var policy = DefaultPolicy(useSpot);
        if (keys.TryGetValue("replicas", out var replicas))
        {
            if (keys.TryGetValue("replica_policy", out var both))
            {
                _r.Error(both.Key, SpecReader.Join(path, "replica_policy"), "expected either 'replicas' (a fixed count) or 'replica_policy', not both");
            }

            // SkyServe's shorthand: a fixed number of replicas.
            if (_r.Int(replicas.Value, SpecReader.Join(path, "replicas")) is { } n)
            {
                policy = policy with { MinReplicas = n, MaxReplicas = n };
            }
        }
        else if (keys.TryGetValue("replica_policy", out var rp))
        {
            policy = Policy(rp.Value, SpecReader.Join(path, "replica_policy"), useSpot, mixPlanned);
        }

        var lbPolicy = SpecDefaults.LoadBalancingPolicy;
        if (keys.TryGetValue("load_balancing_policy", out var lb) && _r.String(lb.Value, SpecReader.Join(path, "load_balancing_policy")) is { } lbText)
        {
            if (SpecDefaults.LoadBalancingPolicies.Contains(lbText))
            {
                lbPolicy = lbText;
            }
            else
            {
                _r.Error(lb.Value, SpecReader.Join(path, "load_balancing_policy"), $"expected one of {string.Join(", ", SpecDefaults.LoadBalancingPolicies)}, got '{lbText}'");
            }
        }

        int? port = null;
        if (keys.TryGetValue("ports", out var ports) && _r.Int(ports.Value, SpecReader.Join(path, "ports"), min: 1, allowQuoted: true) is { } p)
        {
            if (p > 65535)
            {
                _r.Error(ports.Value, SpecReader.Join(path, "ports"), $"expected a port number 1..65535, got {p}");
            }
            else
            {
                port = p;
            }
        }

        return new ServiceSection
        {
            ReadinessProbe = keys.TryGetValue("readiness_probe", out var probe) ? Probe(probe.Value, SpecReader.Join(path, "readiness_probe")) : new(),
            ReplicaPolicy = policy,
            LoadBalancingPolicy = lbPolicy,
            Port = port,
        };
    }

    private static ReplicaPolicySpec DefaultPolicy(bool useSpot) =>
        new() { NumOverprovision = useSpot ? SpecDefaults.NumOverprovisionWithSpot : 0 };

    private ReadinessProbeSpec Probe(YamlNode node, string path)
    {
        if (SpecReader.IsNull(node))
        {
            return new ReadinessProbeSpec();
        }

        if (node is YamlScalarNode && !SpecReader.IsNull(node))
        {
            // SkyServe's short form: readiness_probe: /health
            return new ReadinessProbeSpec { Path = CheckPath(node, path, _r.String(node, path)) };
        }

        var keys = _r.Mapping(node, path, ProbeKeys);
        if (keys is null)
        {
            return new ReadinessProbeSpec();
        }

        var probe = new ReadinessProbeSpec();
        if (!keys.TryGetValue("path", out var pathNode))
        {
            _r.Error(node, SpecReader.Join(path, "path"), "required when readiness_probe is a mapping; expected a path such as '/health'");
        }
        else
        {
            probe = probe with { Path = CheckPath(pathNode.Value, SpecReader.Join(path, "path"), _r.String(pathNode.Value, SpecReader.Join(path, "path"))) };
        }

        if (keys.TryGetValue("initial_delay_seconds", out var delay) && _r.Int(delay.Value, SpecReader.Join(path, "initial_delay_seconds")) is { } d)
        {
            probe = probe with { InitialDelaySeconds = d };
        }

        if (keys.TryGetValue("timeout_seconds", out var timeout) && _r.Int(timeout.Value, SpecReader.Join(path, "timeout_seconds"), min: 1) is { } t)
        {
            probe = probe with { TimeoutSeconds = t };
        }

        if (keys.TryGetValue("post_data", out var post))
        {
            probe = probe with { PostDataJson = PostData(post.Value, SpecReader.Join(path, "post_data")) };
        }

        if (keys.TryGetValue("headers", out var headers) && _r.ScalarMap(headers.Value, SpecReader.Join(path, "headers")) is { } h)
        {
            probe = probe with { Headers = h.ToDictionary(e => e.Key, e => e.Value ?? string.Empty, StringComparer.OrdinalIgnoreCase) };
        }

        return probe;
    }

    private string CheckPath(YamlNode node, string path, string? value)
    {
        if (value is not null && value.StartsWith('/'))
        {
            return value;
        }

        _r.Error(node, path, $"expected a path starting with '/', such as '/health', got {SpecReader.Describe(node)}");
        return "/";
    }

    /// <summary>A mapping (sent as JSON) or a string holding JSON, as SkyServe accepts.</summary>
    private string? PostData(YamlNode node, string path)
    {
        if (SpecReader.IsNull(node))
        {
            return null;
        }

        if (node is YamlMappingNode or YamlSequenceNode)
        {
            return JsonSerializer.Serialize(SpecReader.ToPlain(node));
        }

        var text = ((YamlScalarNode)node).Value ?? string.Empty;
        try
        {
            using var _ = JsonDocument.Parse(text);
            return text;
        }
        catch (JsonException ex)
        {
            _r.Error(node, path, $"expected a mapping or a JSON string, got text that is not JSON ({ex.Message})");
            return null;
        }
    }

    private ReplicaPolicySpec Policy(YamlNode node, string path, bool useSpot, bool mixPlanned)
    {
        var policy = DefaultPolicy(useSpot);
        var keys = _r.Mapping(node, path, PolicyKeys);
        if (keys is null)
        {
            return policy;
        }

        string P(string key) => SpecReader.Join(path, key);
        YamlNode? V(string key) => keys.TryGetValue(key, out var kv) ? kv.Value : null;

        var min = V("min_replicas") is { } minNode ? _r.Int(minNode, P("min_replicas")) : null;
        var max = V("max_replicas") is { } maxNode ? _r.Int(maxNode, P("max_replicas")) : null;
        var qps = V("target_qps_per_replica") is { } qpsNode ? _r.PositiveNumber(qpsNode, P("target_qps_per_replica")) : null;
        policy = policy with
        {
            MinReplicas = min ?? SpecDefaults.MinReplicas,
            MaxReplicas = max ?? min ?? SpecDefaults.MinReplicas,
            TargetQpsPerReplica = qps,
            UpscaleDelaySeconds = (V("upscale_delay_seconds") is { } up ? _r.Int(up, P("upscale_delay_seconds")) : null) ?? policy.UpscaleDelaySeconds,
            DownscaleDelaySeconds = (V("downscale_delay_seconds") is { } down ? _r.Int(down, P("downscale_delay_seconds")) : null) ?? policy.DownscaleDelaySeconds,
            NumOverprovision = (V("num_overprovision") is { } over ? _r.Int(over, P("num_overprovision")) : null) ?? policy.NumOverprovision,
            DynamicOndemandFallback = (V("dynamic_ondemand_fallback") is { } dyn ? _r.Bool(dyn, P("dynamic_ondemand_fallback")) : null) ?? false,
            BaseOndemandFallbackReplicas = (V("base_ondemand_fallback_replicas") is { } b ? _r.Int(b, P("base_ondemand_fallback_replicas")) : null) ?? 0,
            SpotPlacer = V("spot_placer") is { } placer ? Placer(placer, P("spot_placer")) : policy.SpotPlacer,
        };

        // Cross-field rules (SkyServe's, plus B <= max). Reported at the value that breaks them.
        if (max is not null && max < policy.MinReplicas)
        {
            _r.Error(V("max_replicas")!, P("max_replicas"), $"expected a value >= min_replicas ({policy.MinReplicas}), got {max}");
        }
        else if (policy.IsAutoscaling && qps is null && V("target_qps_per_replica") is null && !mixPlanned)
        {
            _r.Error(V("max_replicas")!, P("max_replicas"), $"autoscaling from {policy.MinReplicas} to {max} needs target_qps_per_replica; set it, or make max_replicas equal min_replicas");
        }

        if (qps is not null && max is null)
        {
            _r.Error(V("target_qps_per_replica")!, P("target_qps_per_replica"), "requires max_replicas (the autoscaling ceiling)");
        }

        if (V("base_ondemand_fallback_replicas") is { } baseNode && policy.BaseOndemandFallbackReplicas > policy.MaxReplicas)
        {
            _r.Error(baseNode, P("base_ondemand_fallback_replicas"), $"expected at most max_replicas ({policy.MaxReplicas}), got {policy.BaseOndemandFallbackReplicas}");
        }

        // On-demand fallback and spot placement mean nothing without spot replicas (SkyServe rejects them too).
        foreach (var key in new[] { "dynamic_ondemand_fallback", "base_ondemand_fallback_replicas", "spot_placer" })
        {
            var used = key switch
            {
                "dynamic_ondemand_fallback" => policy.DynamicOndemandFallback,
                "base_ondemand_fallback_replicas" => policy.BaseOndemandFallbackReplicas > 0,
                _ => V(key) is not null,
            };
            if (used && !useSpot)
            {
                _r.Error(keys[key].Key, P(key), "requires resources.use_spot: true");
            }
        }

        return policy;
    }

    private SpotPlacerKind Placer(YamlNode node, string path)
    {
        var text = _r.String(node, path);
        var index = text is null ? -1 : SpecDefaults.SpotPlacers.ToList().IndexOf(text);
        if (index >= 0)
        {
            return (SpotPlacerKind)index;
        }

        if (text is not null)
        {
            _r.Error(node, path, $"expected one of {string.Join(", ", SpecDefaults.SpotPlacers)}, got '{text}'");
        }

        return SpotPlacerKind.SkyHedge;
    }
}
