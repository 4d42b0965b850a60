using System.Text.RegularExpressions;
using SkyHedge.Functions.Hosting;
using SkyHedge.Router;
using SkyHedge.Testing;

namespace SkyHedge.Infra.Tests;

/// <summary>The settings each app's code reads are exactly those the Bicep sets for it (':' written '__').</summary>
public sealed partial class SettingsParityTests
{
    /// <summary>Set for the Functions host or an SDK, not read by our code: the host's identity-based storage,
    /// Application Insights, and the AWS SDK's credential chain.</summary>
    private static readonly string[] HostAndSdkSettings =
    [
        "AzureWebJobsStorage:credential", "AzureWebJobsStorage:blobServiceUri", "AzureWebJobsStorage:queueServiceUri",
        "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
    ];

    [Fact]
    public void The_functions_app_gets_every_setting_its_code_reads_and_nothing_else()
    {
        var set = CompiledTemplateTests.Settings().Keys.Select(ConfigKey).Order(StringComparer.Ordinal).ToList();
        var expected = FunctionSettings.All.Except(FunctionSettings.LocalAlternatives).Concat(HostAndSdkSettings).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, set);
    }

    [Fact]
    public void The_router_gets_every_setting_its_code_reads_and_nothing_else()
    {
        var set = CompiledTemplateTests.RouterEnvironment().Select(ConfigKey).Order(StringComparer.Ordinal).ToList();
        var expected = RouterSettings.All.Except(RouterSettings.LocalAlternatives).Except(RouterSettings.Optional).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, set);
    }

    [Theory]
    [InlineData("functions/SkyHedge.Functions")]
    [InlineData("router/SkyHedge.Router")]
    public void Code_reads_settings_only_through_its_settings_class(string project)
    {
        // A literal key (configuration["X"]) would be a setting the lists above, and so the Bicep, do not know.
        var literal = Directory.EnumerateFiles(RepoRoot.Combine(project.Split('/')), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetFileName(f)}: {m.Value}"))
            .ToList();

        Assert.Empty(literal);
    }

    private static string ConfigKey(string name) => name.Replace("__", ":", StringComparison.Ordinal);

    [GeneratedRegex("onfiguration\\[\"[^\"]+\"\\]")]
    private static partial Regex LiteralKey();
}
