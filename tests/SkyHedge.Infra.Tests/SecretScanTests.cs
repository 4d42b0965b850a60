using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SkyHedge.Testing;

namespace SkyHedge.Infra.Tests;

/// <summary>No secret value, key or keyed connection string is in the template, its parameters or app settings:
/// secrets reach the apps only as Key Vault references, resolved with the apps' identities.</summary>
public sealed partial class SecretScanTests
{
    [Fact]
    public void The_compiled_template_and_parameters_hold_no_key_or_keyed_connection_string()
    {
        var texts = new Dictionary<string, string>
        {
            ["main.json"] = CompiledTemplate.Text,
            ["main.parameters.json"] = File.ReadAllText(RepoRoot.Combine("infra", "main.parameters.json")),
        };

        foreach (var (file, text) in texts)
        {
            Assert.DoesNotMatch(KeyedConnectionString(), text);
            Assert.DoesNotContain("listKeys(", text, StringComparison.OrdinalIgnoreCase); // no key fetched into a setting
            Assert.DoesNotContain("listSecrets(", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("-----BEGIN", text, StringComparison.Ordinal);
            Assert.DoesNotMatch(AwsAccessKeyId(), text);
            Assert.True(!LongRandomLooking().IsMatch(text), $"{file}: a long base64 literal looks like a key: {LongRandomLooking().Match(text).Value}");
        }
    }

    [Fact]
    public void Every_parameter_named_like_a_secret_is_secure_and_has_no_default()
    {
        foreach (var (name, parameter) in CompiledTemplate.Root["parameters"]!.AsObject())
        {
            if (SecretName().IsMatch(name))
            {
                Assert.Equal("securestring", (string)parameter!["type"]!);
                Assert.Null(parameter["defaultValue"]);
            }
        }
    }

    [Fact]
    public void App_settings_that_carry_secrets_are_key_vault_references()
    {
        var settings = CompiledTemplateTests.Settings();
        foreach (var name in new[] { "SKYHEDGE_ADMIN_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "SKYHEDGE_GCP_CREDENTIALS" })
        {
            Assert.Contains("@Microsoft.KeyVault(SecretUri=", settings[name], StringComparison.Ordinal);
        }

        // Every other value is a literal, a parameter or a resource property: never a secret-bearing function.
        Assert.All(settings.Values, v => Assert.DoesNotMatch(SecretFunction(), v));
        var router = CompiledTemplateTests.RouterEnvironment();
        Assert.Contains("SKYHEDGE_ADMIN_KEY", router);
    }

    [GeneratedRegex("(AccountKey|SharedAccessKey|SharedAccessSignature|Password|pwd|sig)=", RegexOptions.IgnoreCase)]
    private static partial Regex KeyedConnectionString();

    [GeneratedRegex("AKIA[0-9A-Z]{16}")]
    private static partial Regex AwsAccessKeyId();

    // Storage account keys and most generated secrets are padded base64 of 32+ bytes.
    [GeneratedRegex("[A-Za-z0-9+/]{40,}={1,2}")]
    private static partial Regex LongRandomLooking();

    [GeneratedRegex("(key|secret|password|token|credential)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex("list(Keys|Secrets|ConnectionStrings|AccountSas|ServiceSas)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretFunction();
}
