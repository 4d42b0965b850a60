using SkyHedge.Core.Model;
using SkyHedge.Core.Spec;

namespace SkyHedge.Core.Tests.Spec;

public sealed class ServiceSpecParserTests
{
    private static ServiceSpec ParseExample(string name) =>
        ServiceSpecParser.Parse(File.ReadAllText(RepoPaths.File("examples", name)), name);

    [Fact]
    public void Llama_spot_example_parses_with_every_section()
    {
        var spec = ParseExample("llama-spot.yaml");
        Assert.Equal("llama-3-8b", spec.Name);
        Assert.Equal("meta-llama/Meta-Llama-3-8B-Instruct", spec.Envs["MODEL_ID"]);
        Assert.Null(spec.Envs["HF_TOKEN"]);
        Assert.Contains("vllm", spec.Setup, StringComparison.Ordinal);
        Assert.Contains("--port 8080", spec.Run, StringComparison.Ordinal);

        var res = spec.Resources;
        Assert.True(res.UseSpot);
        Assert.Equal([8080], res.Ports);
        Assert.Equal(100, res.DiskSize);
        Assert.Equal(4, res.AnyOf.Count);
        Assert.Equal("aws", res.AnyOf[0].Cloud);
        Assert.Equal(["us-east-1"], res.AnyOf[0].Regions);
        Assert.Equal(["us-east-1a", "us-east-1c", "us-east-1d", "us-east-1f"], res.AnyOf[0].Zones);
        Assert.Equal([new AcceleratorRequest("A10G", 1)], res.AnyOf[1].Accelerators);
        Assert.Equal(["us-west1", "europe-west4"], res.AnyOf[3].Regions); // derived from the zones
        Assert.Equal([new AcceleratorRequest("A100", 1)], res.AnyOf[3].Accelerators);
        Assert.Equal(res.AnyOf, res.Candidates());

        var svc = spec.Service;
        Assert.Equal("/v1/models", svc.ReadinessProbe.Path);
        Assert.Equal(1200, svc.ReadinessProbe.InitialDelaySeconds);
        Assert.Equal(15, svc.ReadinessProbe.TimeoutSeconds);
        var p = svc.ReplicaPolicy;
        Assert.Equal((2, 8, 2.5), (p.MinReplicas, p.MaxReplicas, p.TargetQpsPerReplica!.Value));
        Assert.True(p.IsAutoscaling);
        Assert.Equal((300, 1200, 1), (p.UpscaleDelaySeconds, p.DownscaleDelaySeconds, p.NumOverprovision));
        Assert.True(p.DynamicOndemandFallback);
        Assert.Equal(0, p.BaseOndemandFallbackReplicas);
        Assert.Equal(SpotPlacerKind.DynamicFallback, p.SpotPlacer); // the example keeps SkyServe's placer
        Assert.Equal("least_load", svc.LoadBalancingPolicy);
        Assert.Null(spec.Mix);
    }

    [Fact]
    public void SkyServe_minimal_file_is_accepted_as_users_write_it()
    {
        var spec = ParseExample("skyserve-minimal.yaml");
        Assert.Equal("qwen-chat", spec.Name);
        Assert.Equal("/v1/models", spec.Service.ReadinessProbe.Path);
        Assert.Equal((2, 2), (spec.Service.ReplicaPolicy.MinReplicas, spec.Service.ReplicaPolicy.MaxReplicas));
        Assert.False(spec.Service.ReplicaPolicy.IsAutoscaling);
        Assert.Equal([new AcceleratorRequest("A10G", 1)], spec.Resources.Accelerators);
        Assert.Equal([8080], spec.Resources.Ports);
        Assert.False(spec.Resources.UseSpot);
        Assert.Equal(0, spec.Service.ReplicaPolicy.NumOverprovision);
        var only = Assert.Single(spec.Resources.Candidates());
        Assert.Equal([new AcceleratorRequest("A10G", 1)], only.Accelerators);
        Assert.StartsWith("vllm serve", spec.Run, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_SkyServe_s()
    {
        var spec = ServiceSpecParser.Parse("name: tiny\n", "tiny.yaml");
        var p = spec.Service.ReplicaPolicy;
        Assert.Equal((1, 1, 300, 1200, 0, 0), (p.MinReplicas, p.MaxReplicas, p.UpscaleDelaySeconds, p.DownscaleDelaySeconds, p.NumOverprovision, p.BaseOndemandFallbackReplicas));
        Assert.Null(p.TargetQpsPerReplica);
        Assert.Equal(("/", 1200, 15), (spec.Service.ReadinessProbe.Path, spec.Service.ReadinessProbe.InitialDelaySeconds, spec.Service.ReadinessProbe.TimeoutSeconds));
        Assert.Equal("instance_aware_least_load", spec.Service.LoadBalancingPolicy);
        Assert.Empty(spec.Envs);

        var spot = ServiceSpecParser.Parse("name: tiny\nresources:\n  use_spot: yes\n", "tiny.yaml");
        Assert.Equal(1, spot.Service.ReplicaPolicy.NumOverprovision); // SpotHedge's one extra replica
        Assert.Equal(SpotPlacerKind.SkyHedge, spot.Service.ReplicaPolicy.SpotPlacer); // the one default that is ours
    }

    [Fact]
    public void Empty_sections_mean_defaults()
    {
        var spec = ServiceSpecParser.Parse("name: e\nresources:\nservice:\n  readiness_probe:\n  replica_policy:\nmix:\nenvs:\n", "e.yaml");
        Assert.Equal(new ResourcesSpec().Ports, spec.Resources.Ports);
        Assert.Equal("/", spec.Service.ReadinessProbe.Path);
        Assert.Equal(1, spec.Service.ReplicaPolicy.MaxReplicas);
        Assert.Null(spec.Mix);
        Assert.Empty(spec.Envs);
    }

    [Fact]
    public void Mix_section_is_read_into_typed_settings()
    {
        const string yaml = """
            name: mixed
            mix:
              tpot_slo_ms: 120
              ttft_slo_ms: 2000.5
              slice_factor: 4
              default_max_tokens: 300
            """;
        var mix = ServiceSpecParser.Parse(yaml, "mix.yaml").Mix;
        Assert.NotNull(mix);
        Assert.Equal((3, 3), (mix.Line, mix.Column)); // where the mapping starts
        Assert.Equal(120, mix.TpotSloMs);
        Assert.Equal(2000.5, mix.TtftSloMs);
        Assert.Equal(4, mix.SliceFactor);
        Assert.Equal(300, mix.DefaultMaxTokens);
        Assert.Equal(8, ServiceSpecParser.Parse("name: m\nmix:\n  tpot_slo_ms: 40\n", "m.yaml").Mix!.SliceFactor);
    }

    [Fact]
    public void Accelerator_forms_list_mapping_and_braces_all_normalise()
    {
        const string yaml = """
            name: gpus
            resources:
              accelerators: {A100-80G: 2, "H100 (SXM)": ~}
              any_of:
                - accelerators: [A10G:1, "l4:2"]
                - accelerators: "{A100:1, H100:1}"
                - cloud: GCP
                  zone: us-central1-a
            """;
        var res = ServiceSpecParser.Parse(yaml, "g.yaml").Resources;
        Assert.Equal([new AcceleratorRequest("A100-80GB", 2), new AcceleratorRequest("H100", 1)], res.Accelerators);
        Assert.Equal([new AcceleratorRequest("A10G", 1), new AcceleratorRequest("L4", 2)], res.AnyOf[0].Accelerators);
        Assert.Equal([new AcceleratorRequest("A100", 1), new AcceleratorRequest("H100", 1)], res.AnyOf[1].Accelerators);
        Assert.Equal(res.Accelerators, res.AnyOf[2].Accelerators); // inherited
        Assert.Equal(("gcp", "us-central1"), (res.AnyOf[2].Cloud, res.AnyOf[2].Regions.Single()));
    }

    [Fact]
    public void Readiness_probe_mapping_with_post_data_and_headers()
    {
        const string yaml = """
            name: probe
            service:
              readiness_probe:
                path: /v1/chat/completions
                post_data: {model: probe, max_tokens: 1, messages: [{role: user, content: hi}]}
                headers: {Authorization: Bearer x}
                initial_delay_seconds: 0
              ports: "8081"
              load_balancing_policy: round_robin
            """;
        var svc = ServiceSpecParser.Parse(yaml, "p.yaml").Service;
        Assert.Equal("""{"model":"probe","max_tokens":1,"messages":[{"role":"user","content":"hi"}]}""", svc.ReadinessProbe.PostDataJson);
        Assert.Equal("Bearer x", svc.ReadinessProbe.Headers["authorization"]);
        Assert.Equal(0, svc.ReadinessProbe.InitialDelaySeconds);
        Assert.Equal(8081, svc.Port);
        Assert.Equal("round_robin", svc.LoadBalancingPolicy);
    }

    [Fact]
    public void Infra_shorthand_sets_cloud_region_and_zone()
    {
        var res = ServiceSpecParser.Parse("name: i\nresources:\n  infra: aws/us-west-2/us-west-2b\n", "i.yaml").Resources;
        Assert.Equal(("aws", "us-west-2", "us-west-2b"), (res.Cloud, res.Region, res.Zone));
    }

    [Theory]
    [InlineData("dynamic_fallback", SpotPlacerKind.DynamicFallback)]
    [InlineData("spothedge", SpotPlacerKind.SpotHedge)]
    [InlineData("skyhedge", SpotPlacerKind.SkyHedge)]
    public void Spot_placers(string name, SpotPlacerKind kind)
    {
        var yaml = $"name: s\nresources: {{use_spot: true}}\nservice:\n  replica_policy: {{spot_placer: {name}}}\n";
        Assert.Equal(kind, ServiceSpecParser.Parse(yaml, "s.yaml").Service.ReplicaPolicy.SpotPlacer);
    }
}
