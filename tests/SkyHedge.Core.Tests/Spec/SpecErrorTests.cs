using SkyHedge.Core.Spec;

namespace SkyHedge.Core.Tests.Spec;

/// <summary>Every kind of spec error names the file, the 1-based line and column of the offending node, and what was expected.</summary>
public sealed class SpecErrorTests
{
    private static SpecError SingleError(string yaml)
    {
        var ex = Assert.Throws<SpecException>(() => ServiceSpecParser.Parse(yaml, "svc.yaml"));
        return Assert.Single(ex.Errors);
    }

    [Fact]
    public void Wrong_integer_reports_value_position_key_path_and_expectation()
    {
        const string yaml = "name: svc\nservice:\n  replica_policy:\n    min_replicas: abc\n";
        Assert.Equal(
            "svc.yaml:4:19: service.replica_policy.min_replicas: expected a non-negative integer, got 'abc'",
            SingleError(yaml).ToString());
    }

    [Fact]
    public void Unknown_nested_key_is_reported_at_the_key_with_the_allowed_keys()
    {
        const string yaml = "name: svc\nservice:\n  replica_policy:\n    min_replica: 1\n";
        var error = SingleError(yaml);
        Assert.Equal((4, 5), (error.Line, error.Column));
        Assert.Equal(
            "service.replica_policy.min_replica: unknown key; allowed under 'service.replica_policy': base_ondemand_fallback_replicas, "
            + "downscale_delay_seconds, dynamic_ondemand_fallback, max_replicas, min_replicas, num_overprovision, spot_placer, "
            + "target_qps_per_replica, upscale_delay_seconds",
            error.Message);
    }

    [Fact]
    public void Unknown_top_level_key_lists_the_top_level_keys()
    {
        var error = SingleError("name: svc\nworkdir: .\n");
        Assert.Equal((2, 1), (error.Line, error.Column));
        Assert.Equal("workdir: unknown key; allowed at the top level: name, envs, setup, run, resources, service, mix", error.Message);
    }

    [Theory]
    // Wrong types.
    [InlineData("name: svc\nservice: 5\n", 2, 10, "service: expected a mapping with keys load_balancing_policy, ports, readiness_probe, replica_policy, replicas, got '5'")]
    [InlineData("name: svc\nresources:\n  use_spot: maybe\n", 3, 13, "resources.use_spot: expected true or false, got 'maybe'")]
    [InlineData("name: svc\nsetup: {a: 1}\n", 2, 8, "setup: expected a string, got a mapping")]
    [InlineData("name: svc\nservice:\n  replicas: \"2\"\n", 3, 13, "service.replicas: expected a non-negative integer, got the quoted string '2'")]
    [InlineData("name: svc\nservice:\n  replicas: [1]\n", 3, 13, "service.replicas: expected a non-negative integer, got a list")]
    [InlineData("name: svc\nresources:\n  any_of: {cloud: aws}\n", 3, 11, "resources.any_of: expected a list of mappings")]
    [InlineData("name: svc\nmix: [1, 2]\n", 2, 6, "mix: expected a mapping (GPU mix settings), got a list")]
    [InlineData("name: svc\nmix:\n  gpus: [L4]\n", 3, 3, "mix.gpus: unknown key; allowed under 'mix': tpot_slo_ms, ttft_slo_ms, slice_factor, default_max_tokens")]
    [InlineData("name: svc\nmix:\n  tpot_slo_ms: -5\n", 3, 16, "mix.tpot_slo_ms:")]
    [InlineData("name: svc\nmix:\n  slice_factor: 100\n", 3, 17, "mix.slice_factor: expected 1 to 64, got 100")]
    [InlineData("name: svc\nenvs:\n  1BAD: x\n", 3, 3, "envs: expected an environment variable name ([A-Za-z_][A-Za-z0-9_]*), got '1BAD'")]
    [InlineData("name: svc\nenvs:\n  A: [1]\n", 3, 6, "envs.A: expected a single value, got a list")]
    [InlineData("name: svc\nresources:\n  cpus: lots\n", 3, 9, "resources.cpus: expected a number such as 4 or '4+' (at least 4), got 'lots'")]
    // Required and name.
    [InlineData("service:\n  replicas: 1\n", 1, 1, "name: required; expected the service name, a DNS label such as 'llama-3-8b'")]
    [InlineData("name: Llama_3\n", 1, 7, "name: expected a DNS label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Llama_3'")]
    [InlineData("name: svc-\n", 1, 7, "name: expected a DNS label")]
    // Ranges.
    [InlineData("name: svc\nresources:\n  ports: [8080, 70000]\n", 3, 17, "resources.ports: expected a port number 1..65535 (or a list of them), got '70000'")]
    [InlineData("name: svc\nresources:\n  ports: 0\n", 3, 10, "resources.ports: expected a port number 1..65535")]
    [InlineData("name: svc\nservice:\n  ports: 65536\n", 3, 10, "service.ports: expected a port number 1..65535, got 65536")]
    [InlineData("name: svc\nservice:\n  replica_policy:\n    min_replicas: 1\n    max_replicas: 4\n    target_qps_per_replica: 0\n", 6, 29, "service.replica_policy.target_qps_per_replica: expected a number > 0, got '0'")]
    [InlineData("name: svc\nservice:\n  readiness_probe:\n    path: /\n    timeout_seconds: 0\n", 5, 22, "service.readiness_probe.timeout_seconds: expected a positive integer, got '0'")]
    // Cross-field rules, reported at the value that breaks them.
    [InlineData("name: svc\nservice:\n  replica_policy:\n    min_replicas: 3\n    max_replicas: 2\n", 5, 19, "service.replica_policy.max_replicas: expected a value >= min_replicas (3), got 2")]
    [InlineData("name: svc\nservice:\n  replica_policy:\n    min_replicas: 1\n    max_replicas: 3\n", 5, 19, "service.replica_policy.max_replicas: autoscaling from 1 to 3 needs target_qps_per_replica")]
    [InlineData("name: svc\nservice:\n  replica_policy:\n    target_qps_per_replica: 2\n", 4, 29, "service.replica_policy.target_qps_per_replica: requires max_replicas")]
    [InlineData("name: svc\nresources: {use_spot: true}\nservice:\n  replica_policy:\n    min_replicas: 2\n    max_replicas: 2\n    base_ondemand_fallback_replicas: 3\n", 7, 38, "service.replica_policy.base_ondemand_fallback_replicas: expected at most max_replicas (2), got 3")]
    [InlineData("name: svc\nservice:\n  replica_policy:\n    dynamic_ondemand_fallback: true\n", 4, 5, "service.replica_policy.dynamic_ondemand_fallback: requires resources.use_spot: true")]
    [InlineData("name: svc\nservice:\n  replicas: 2\n  replica_policy: {min_replicas: 1}\n", 4, 3, "service.replica_policy: expected either 'replicas' (a fixed count) or 'replica_policy', not both")]
    // Enumerations and names.
    [InlineData("name: svc\nresources: {use_spot: true}\nservice:\n  replica_policy:\n    spot_placer: cheapest\n", 5, 18, "service.replica_policy.spot_placer: expected one of dynamic_fallback, spothedge, skyhedge, got 'cheapest'")]
    [InlineData("name: svc\nservice:\n  load_balancing_policy: random\n", 3, 26, "service.load_balancing_policy: expected one of least_load, round_robin, instance_aware_least_load, got 'random'")]
    [InlineData("name: svc\nresources:\n  accelerators: K80:1\n", 3, 17, "resources.accelerators: unknown accelerator 'K80'; known: T4, L4, A10G, V100, V100-32GB, A100, A100-80GB, H100 (aliases:")]
    [InlineData("name: svc\nresources:\n  accelerators: T4:0.5\n", 3, 17, "resources.accelerators: expected a whole accelerator count >= 1 after 'T4:', got '0.5'")]
    [InlineData("name: svc\nresources:\n  accelerators: [A10G:1, A10:1]\n", 3, 26, "resources.accelerators: expected each accelerator once, got 'A10G' twice")]
    [InlineData("name: svc\nresources:\n  accelerators: {L4: 0}\n", 3, 22, "resources.accelerators.L4: expected a positive integer, got '0'")]
    [InlineData("name: svc\nresources:\n  any_of:\n    - cloud: lambda\n", 4, 14, "resources.any_of[0].cloud: expected one of aws, gcp, azure, local, got 'lambda'")]
    [InlineData("name: svc\nresources:\n  any_of:\n    - cloud: aws\n      region: us-east-1\n      zones: [us-east-1a, us-west-2a]\n", 6, 27, "resources.any_of[0]: zone 'us-west-2a' is in region 'us-west-2', which is not among the regions given (us-east-1)")]
    [InlineData("name: svc\nresources:\n  cloud: gcp\n  zone: us-central1\n", 4, 9, "resources: expected gcp zone names such as 'us-central1-a', got 'us-central1'")]
    [InlineData("name: svc\nresources:\n  cloud: aws\n  infra: aws/us-east-1\n", 4, 10, "resources.infra: expected 'cloud[/region[/zone]]' used instead of cloud/region/zone, got 'aws/us-east-1'")]
    [InlineData("name: svc\nresources:\n  any_of:\n    - cloud: aws\n      region: us-east-1\n      regions: [us-east-2]\n", 6, 7, "resources.any_of[0].regions: expected either 'region' or 'regions', not both")]
    [InlineData("name: svc\nresources:\n  any_of:\n    - cloud: aws\n      zonez: [us-east-1a]\n", 5, 7, "resources.any_of[0].zonez: unknown key; allowed under 'resources.any_of[0]': accelerators, cloud, infra, instance_type, region, regions, zone, zones")]
    // Readiness probe.
    [InlineData("name: svc\nservice:\n  readiness_probe: health\n", 3, 20, "service.readiness_probe: expected a path starting with '/', such as '/health', got 'health'")]
    [InlineData("name: svc\nservice:\n  readiness_probe:\n    initial_delay_seconds: 10\n", 4, 5, "service.readiness_probe.path: required when readiness_probe is a mapping")]
    [InlineData("name: svc\nservice:\n  readiness_probe:\n    path: /\n    post_data: 'not json'\n", 5, 16, "service.readiness_probe.post_data: expected a mapping or a JSON string")]
    public void Each_error_kind_reports_line_column_and_expectation(string yaml, int line, int column, string message)
    {
        var error = SingleError(yaml);
        Assert.Equal("svc.yaml", error.File);
        Assert.True((line, column) == (error.Line, error.Column), $"expected {line}:{column}, got {error}");
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_errors_carry_the_parser_position()
    {
        var error = SingleError("name: svc\nservice:\n  replicas: [1, 2\n");
        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Line:", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 3, error.ToString());
    }

    [Fact]
    public void Duplicate_keys_are_rejected_at_the_second_key()
    {
        var error = SingleError("name: a\nname: b\n");
        Assert.Equal((2, 1), (error.Line, error.Column));
        Assert.Equal("invalid YAML: duplicate key 'name'; each key may appear once per mapping", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void Empty_files_are_rejected(string yaml) =>
        Assert.Equal("svc.yaml:1:1: expected a mapping with at least 'name', got an empty file", SingleError(yaml).ToString());

    [Fact]
    public void Several_documents_are_rejected_at_the_second() =>
        Assert.Equal(3, SingleError("name: a\n---\nname: b\n").Line);

    [Fact]
    public void All_errors_are_reported_together_in_file_order()
    {
        const string yaml = "name: BAD\nservice:\n  replica_policy:\n    min_replicas: x\n    max_replicas: y\nresources:\n  ports: 0\n";
        var ex = Assert.Throws<SpecException>(() => ServiceSpecParser.Parse(yaml, "svc.yaml"));
        Assert.Equal([(1, 7), (4, 19), (5, 19), (7, 10)], ex.Errors.Select(e => (e.Line, e.Column)));
        Assert.Equal(string.Join(Environment.NewLine, ex.Errors), ex.Message);
        Assert.False(ServiceSpecParser.TryParse(yaml, "svc.yaml", out var spec, out var errors));
        Assert.Null(spec);
        Assert.Equal(4, errors.Count);
    }
}
