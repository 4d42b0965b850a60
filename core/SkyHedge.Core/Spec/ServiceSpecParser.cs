using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SkyHedge.Core.Spec;

/// <summary>
/// Parses a service spec: YAML, snake_case keys, a superset of a SkyPilot task + SkyServe <c>service:</c> file.
/// </summary>
/// <remarks>
/// <para>Reads the YAML node tree (<see cref="YamlStream"/>) rather than a deserializer so that every error can name
/// the file, line and column of the offending key or value, the key path, and what was expected. All errors found
/// are reported together, ordered by position. Nesting and alias expansion are bounded (<see cref="YamlLimits"/>).</para>
/// <para>Top-level keys: <c>name</c> (required), <c>envs</c>, <c>setup</c>, <c>run</c>, <c>resources</c>,
/// <c>service</c>, <c>mix</c>. Unknown keys at any level are rejected with the keys allowed there. Defaults
/// (<see cref="SpecDefaults"/>, SkyServe's except the placer): min_replicas 1, max = min, upscale 300 s, downscale 1200 s,
/// initial delay 1200 s, probe timeout 15 s, probe path <c>/</c>, num_overprovision 1 with use_spot (else 0),
/// spot_placer <c>skyhedge</c>, load_balancing_policy <c>instance_aware_least_load</c>.</para>
/// </remarks>
public static partial class ServiceSpecParser
{
    private static readonly string[] TopKeys = ["name", "envs", "setup", "run", "resources", "service", "mix"];

    /// <summary>Parses and validates <paramref name="yaml"/>.</summary>
    /// <param name="yaml">The file content.</param>
    /// <param name="fileName">Used in error positions (<c>svc.yaml:7:5: …</c>).</param>
    /// <exception cref="SpecException">Anything is wrong; <see cref="SpecException.Errors"/> lists every problem.</exception>
    public static ServiceSpec Parse(string yaml, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(fileName);
        var reader = new SpecReader(fileName);
        // YAML allows a byte order mark first; text decoded by hand (an HTTP body) may still carry it.
        var root = Load(yaml.StartsWith('\uFEFF') ? yaml[1..] : yaml, fileName);
        var spec = Read(root, reader);
        if (reader.Errors.Count > 0 || spec is null)
        {
            throw new SpecException(reader.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToArray());
        }

        return spec;
    }

    /// <summary>Like <see cref="Parse"/> but returns the errors instead of throwing.</summary>
    public static bool TryParse(string yaml, string fileName, out ServiceSpec? spec, out IReadOnlyList<SpecError> errors)
    {
        try
        {
            spec = Parse(yaml, fileName);
            errors = [];
            return true;
        }
        catch (SpecException ex)
        {
            spec = null;
            errors = ex.Errors;
            return false;
        }
    }

    private static YamlNode Load(string yaml, string fileName)
    {
        var stream = new YamlStream();
        try
        {
            if (YamlLimits.Check(yaml, fileName) is { } refused)
            {
                throw new SpecException([refused]);
            }

            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            // YamlDotNet prefixes its message with the positions; they are already in the SpecError.
            var message = PositionPrefix().Replace(ex.Message, string.Empty);
            if (message.StartsWith("Duplicate key ", StringComparison.Ordinal))
            {
                message = $"duplicate key '{message["Duplicate key ".Length..]}'; each key may appear once per mapping";
            }

            throw new SpecException([new SpecError(fileName, (int)ex.Start.Line, (int)ex.Start.Column, $"invalid YAML: {message}")]);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException && ex.TargetSite?.DeclaringType?.Assembly == typeof(YamlStream).Assembly)
        {
            // A YamlDotNet failure YamlLimits does not foresee: still the text's fault, not the caller's (no position known).
            throw new SpecException([new SpecError(fileName, 1, 1, $"invalid YAML: {ex.Message}")]);
        }

        if (stream.Documents.Count == 0)
        {
            throw new SpecException([new SpecError(fileName, 1, 1, "expected a mapping with at least 'name', got an empty file")]);
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            throw new SpecException([new SpecError(fileName, (int)second.Line, (int)second.Column, "expected one YAML document, got several ('---')")]);
        }

        return stream.Documents[0].RootNode;
    }

    private static ServiceSpec? Read(YamlNode root, SpecReader r)
    {
        var keys = r.Mapping(root, string.Empty, TopKeys);
        if (keys is null)
        {
            return null;
        }

        YamlNode? Get(string key) => keys.TryGetValue(key, out var kv) ? kv.Value : null;

        var name = Get("name") is { } nameNode ? Name(nameNode, r) : null;
        if (!keys.ContainsKey("name"))
        {
            r.Error(root, "name", "required; expected the service name, a DNS label such as 'llama-3-8b'");
        }

        var resources = Get("resources") is { } res ? new ResourcesReader(r).Read(res, "resources") : new ResourcesSpec();
        // A mix: with an SLO sizes the fleet itself, so it may range from min to max replicas without a QPS target.
        var planned = Get("mix") is YamlMappingNode mixNode && mixNode.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == "tpot_slo_ms");
        var service = Get("service") is { } svc
            ? new ServiceSectionReader(r).Read(svc, "service", resources.UseSpot, planned)
            : new ServiceSection { ReplicaPolicy = new ReplicaPolicySpec { NumOverprovision = resources.UseSpot ? SpecDefaults.NumOverprovisionWithSpot : 0 } };

        var envs = Get("envs") is { } envNode
            ? r.ScalarMap(envNode, "envs", EnvName().IsMatch, "an environment variable name ([A-Za-z_][A-Za-z0-9_]*)")
            : null;

        return name is null
            ? null
            : new ServiceSpec
            {
                Name = name,
                Envs = envs ?? new Dictionary<string, string?>(),
                Setup = Get("setup") is { } setup ? r.String(setup, "setup") : null,
                Run = Get("run") is { } run ? r.String(run, "run") : null,
                Resources = resources,
                Service = service,
                Mix = Get("mix") is { } mix ? Mix(mix, r) : null,
            };
    }

    private static string? Name(YamlNode node, SpecReader r)
    {
        var text = r.String(node, "name");
        if (text is not null && text.Length <= 63 && DnsLabel().IsMatch(text))
        {
            return text;
        }

        r.Error(node, "name", $"expected a DNS label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got {SpecReader.Describe(node)}");
        return null;
    }

    private static MixSection? Mix(YamlNode node, SpecReader r)
    {
        if (SpecReader.IsNull(node))
        {
            return null;
        }

        if (node is not YamlMappingNode || SpecReader.ToPlain(node) is not Dictionary<string, object?> values)
        {
            r.Error(node, "mix", $"expected a mapping (GPU mix settings), got {SpecReader.Describe(node)}");
            return null;
        }

        var map = r.Mapping(node, "mix", MixSection.Keys);
        YamlNode? Get(string key) => map is not null && map.TryGetValue(key, out var kv) && !SpecReader.IsNull(kv.Value) ? kv.Value : null;
        var slice = Get("slice_factor") is { } s ? r.Int(s, "mix.slice_factor", min: 1) : null;
        if (slice is > 64)
        {
            r.Error(Get("slice_factor")!, "mix.slice_factor", $"expected 1 to 64, got {slice}");
        }

        return new MixSection(values, (int)node.Start.Line, (int)node.Start.Column)
        {
            TpotSloMs = Get("tpot_slo_ms") is { } tpot ? r.PositiveNumber(tpot, "mix.tpot_slo_ms") : null,
            TtftSloMs = Get("ttft_slo_ms") is { } ttft ? r.PositiveNumber(ttft, "mix.ttft_slo_ms") : null,
            SliceFactor = slice ?? 8,
            DefaultMaxTokens = Get("default_max_tokens") is { } max ? r.Int(max, "mix.default_max_tokens", min: 1) : null,
        };
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvName();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}
