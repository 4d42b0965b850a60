using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SkyHedge.Core.Spec;

namespace SkyHedge.Clouds.Startup;

/// <summary>
/// The one startup wrapper every cloud adapter boots replicas with (EC2 user data, Azure custom data, GCP
/// <c>startup-script</c>): a POSIX <c>sh</c> script that writes the spec's <c>setup</c> and <c>run</c> to files,
/// exports its <c>envs</c> and the replica token, runs setup, starts the model server (in <c>image_id</c>'s container
/// when one is given) and a notice watcher that polls the instance metadata and reports an interruption to the admin
/// API's <c>/api/notices</c> with the replica's token.
/// </summary>
/// <remarks>
/// <para>No spec value is ever part of the script's own code: each is embedded base64-encoded inside single quotes
/// (base64 has no quote, dollar or newline) and decoded at run time into a file or a variable, so quotes,
/// <c>$(…)</c>, backticks and newlines in <c>run</c>, <c>setup</c> or <c>envs</c> arrive byte for byte and are
/// executed only as the model server's own command, never by the wrapper. Names that do appear in code (env keys,
/// the service and replica ids, the admin URL) are checked against strict patterns first.</para>
/// <para>At run time <c>SKYHEDGE_HOME</c> (default <c>/opt/skyhedge</c>) is where files and logs go and
/// <c>SKYHEDGE_METADATA_URL</c> overrides the metadata endpoint (tests point both at temp folders and loopback
/// fakes). The model server also gets <c>VLLM_API_KEY</c> = the replica token, which makes vLLM's OpenAI server
/// require <c>Authorization: Bearer</c> on every request.</para>
/// </remarks>
public static partial class StartupScript
{
    /// <summary>The script for <paramref name="spec"/> on a replica described by <paramref name="settings"/>.</summary>
    /// <exception cref="ArgumentException">A name that would appear in the script's code is not of its allowed
    /// form (the message names it); the spec parser rejects such specs first.</exception>
    public static string Generate(ServiceSpec spec, StartupSettings settings)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(settings);
        Require(ServiceName().IsMatch(settings.Service), $"service name '{settings.Service}' is not a DNS label");
        Require(ReplicaId().IsMatch(settings.ReplicaId), $"replica id '{settings.ReplicaId}' has characters other than letters, digits, '-' and '_'");
        Require(settings.AdminUrl.IsAbsoluteUri && settings.AdminUrl.Scheme is "http" or "https", $"admin URL '{settings.AdminUrl}' is not an absolute http(s) URL");
        var admin = settings.AdminUrl.AbsoluteUri.TrimEnd('/');
        Require(SafeUrl().IsMatch(admin), $"admin URL '{admin}' has characters the wrapper does not pass (quotes, spaces, '$', '`', '\\')");
        foreach (var key in spec.Envs.Keys)
        {
            Require(EnvName().IsMatch(key), $"env name '{key}' is not [A-Za-z_][A-Za-z0-9_]*");
        }

        var port = spec.Resources.Ports.Count > 0 ? spec.Resources.Ports[0] : 8080;
        var s = new StringBuilder();
        s.Append("#!/bin/sh\n");
        s.Append("# SkyHedge replica startup (generated). Spec values are base64 below and only decoded into files and\n");
        s.Append("# variables: nothing from the spec is evaluated by this script.\n");
        s.Append("set -u\n");
        s.Append("home=\"${SKYHEDGE_HOME:-/opt/skyhedge}\"\n");
        s.Append("mkdir -p \"$home\" && chmod 700 \"$home\" && cd \"$home\" || exit 1\n");
        s.Append("b64() { printf '%s' \"$1\" | base64 -d; }\n");
        s.Append(CultureInfo.InvariantCulture, $"b64 '{B64(spec.Setup ?? string.Empty)}' > setup.sh\n");
        s.Append(CultureInfo.InvariantCulture, $"b64 '{B64(spec.Run ?? string.Empty)}' > run.sh\n");
        s.Append(CultureInfo.InvariantCulture, $"b64 '{B64(settings.ReplicaToken)}' > token && chmod 600 token\n");

        // Each value through a variable with a sentinel, so trailing newlines survive the command substitution.
        var passed = new List<string> { "SKYHEDGE_REPLICA_TOKEN", "VLLM_API_KEY", "SKYHEDGE_PORT" };
        foreach (var (key, value) in spec.Envs.Where(e => e.Value is not null))
        {
            s.Append(CultureInfo.InvariantCulture, $"_v=$(b64 '{B64(value!)}'; printf x); {key}=\"${{_v%x}}\"; export {key}\n");
            passed.Add(key);
        }

        s.Append("SKYHEDGE_REPLICA_TOKEN=$(cat token); VLLM_API_KEY=\"$SKYHEDGE_REPLICA_TOKEN\"; export SKYHEDGE_REPLICA_TOKEN VLLM_API_KEY\n");
        s.Append(CultureInfo.InvariantCulture, $"SKYHEDGE_PORT={port}; export SKYHEDGE_PORT\n");
        s.Append("unset _v\n");
        s.Append("if [ -s setup.sh ]; then sh setup.sh > setup.log 2>&1 || echo \"setup failed: $?\" >> setup.log; fi\n");
        if (spec.Resources.ImageId is { Length: > 0 } image)
        {
            // The container gets the same variables by name (-e NAME copies it from this environment) and the run
            // script through a read-only mount: neither passes through a shell command line.
            var envFlags = string.Join(' ', passed.Select(k => "-e " + k));
            s.Append(CultureInfo.InvariantCulture, $"image=$(b64 '{B64(image)}')\n");
            s.Append(CultureInfo.InvariantCulture, $"nohup docker run --rm --gpus all --network host {envFlags} -v \"$home/run.sh:/skyhedge/run.sh:ro\" \"$image\" sh /skyhedge/run.sh > server.log 2>&1 &\n");
        }
        else
        {
            s.Append("nohup sh run.sh > server.log 2>&1 &\n");
        }

        s.Append(Watcher(settings, admin));
        s.Append("nohup sh watch.sh > watch.log 2>&1 &\n");
        return s.ToString();
    }

    // The watcher is its own script (written by the wrapper), so it can be run and tested alone.
    private static string Watcher(StartupSettings settings, string admin)
    {
        var (defaultUrl, notice) = settings.Metadata switch
        {
            MetadataFlavor.Aws => ("http://169.254.169.254", """
                t=$(curl -fsS -m 2 -X PUT "$md/latest/api/token" -H 'X-aws-ec2-metadata-token-ttl-seconds: 300') || return 1
                doc=$(curl -fsS -m 2 -H "X-aws-ec2-metadata-token: $t" "$md/latest/meta-data/spot/instance-action") || return 1
                case "$doc" in
                  *'"action"'*'"terminate"'*) echo terminate ;;
                  *'"action"'*'"stop"'*) echo stop ;;
                  *'"action"'*'"hibernate"'*) echo hibernate ;;
                esac
                """),
            MetadataFlavor.Azure => ("http://169.254.169.254", """
                doc=$(curl -fsS -m 2 -H 'Metadata: true' "$md/metadata/scheduledevents?api-version=2020-07-01") || return 1
                case "$doc" in
                  *'"EventType"'*':'*'"Preempt"'*) echo preemption ;;
                esac
                """),
            _ => ("http://metadata.google.internal", """
                doc=$(curl -fsS -m 2 -H 'Metadata-Flavor: Google' "$md/computeMetadata/v1/instance/preempted") || return 1
                [ "$doc" = TRUE ] && echo preemption
                """),
        };
        var poll = settings.PollInterval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var body = new StringBuilder();
        body.Append("#!/bin/sh\n");
        body.Append(CultureInfo.InvariantCulture, $"md=\"${{SKYHEDGE_METADATA_URL:-{defaultUrl}}}\"\n");
        body.Append("notice() {\n").Append(notice.TrimEnd()).Append("\n}\n");
        body.Append("while :; do\n");
        body.Append("  kind=$(notice) || kind=\n");
        body.Append("  if [ -n \"$kind\" ]; then\n");
        body.Append(CultureInfo.InvariantCulture, $"    body=\"{{\\\"service\\\":\\\"{settings.Service}\\\",\\\"replica_id\\\":\\\"{settings.ReplicaId}\\\",\\\"kind\\\":\\\"$kind\\\"}}\"\n");
        body.Append(CultureInfo.InvariantCulture, $"    if curl -fsS -m 5 -X POST '{admin}/api/notices' -H \"Authorization: Bearer $(cat \"$SKYHEDGE_HOME_DIR/token\")\" -H 'Content-Type: application/json' -d \"$body\"; then exit 0; fi\n");
        body.Append("  fi\n");
        body.Append(CultureInfo.InvariantCulture, $"  sleep {poll}\n");
        body.Append("done\n");
        return $"b64 '{B64(body.ToString())}' > watch.sh\nSKYHEDGE_HOME_DIR=\"$home\"; export SKYHEDGE_HOME_DIR\n";
    }

    private static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException("startup wrapper: " + message);
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex ServiceName();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex ReplicaId();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvName();

    [GeneratedRegex(@"^https?://[^\s'""$`\\]+$")]
    private static partial Regex SafeUrl();
}
