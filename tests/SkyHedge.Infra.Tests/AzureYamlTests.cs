using System.Diagnostics;
using SkyHedge.Testing;
using YamlDotNet.RepresentationModel;

namespace SkyHedge.Infra.Tests;

/// <summary><c>azure.yaml</c>: the services azd deploys match the apps the template tags, and the admin-key hook
/// gives an environment one key, once.</summary>
public sealed class AzureYamlTests
{
    [Fact]
    public void Each_service_points_at_a_project_and_the_router_at_its_dockerfile()
    {
        var services = Services();

        Assert.Equal(["functions", "router"], services.Keys.Order());
        Assert.Equal("function", services["functions"]["host"]);
        Assert.Equal("containerapp", services["router"]["host"]);
        Assert.True(File.Exists(RepoRoot.Combine("functions", "SkyHedge.Functions", "SkyHedge.Functions.csproj")));
        Assert.Equal("functions/SkyHedge.Functions", services["functions"]["project"]);
        Assert.Equal("router/SkyHedge.Router", services["router"]["project"]);
        Assert.True(File.Exists(RepoRoot.Combine("router", "Dockerfile")));
        Assert.Equal(("router/Dockerfile", "."), (services["router"]["docker.path"], services["router"]["docker.context"]));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // the hook is a POSIX shell script; so is the stand-in azd
    public async Task The_hook_generates_a_key_once_and_keeps_it()
    {
        var bin = Directory.CreateTempSubdirectory("skyhedge-azd-").FullName;
        try
        {
            // A stand-in azd that keeps its environment in a file, as azd keeps .azure/<env>/.env.
            var store = Path.Combine(bin, "env");
            var azd = Path.Combine(bin, "azd");
            await File.WriteAllTextAsync(azd, $$"""
                #!/bin/sh
                if [ "$1 $2" = "env get-value" ]; then grep "^$3=" "{{store}}" 2>/dev/null | cut -d= -f2- | grep . || { echo "key not found" >&2; exit 1; }; fi
                if [ "$1 $2" = "env set" ]; then echo "$3=$4" >> "{{store}}"; fi
                """);
            File.SetUnixFileMode(azd, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var first = await RunHookAsync(bin);
            var key = (await File.ReadAllTextAsync(store)).Trim();
            var second = await RunHookAsync(bin);

            Assert.Equal(0, first.ExitCode);
            Assert.Matches("^SKYHEDGE_ADMIN_KEY=sk-admin-[0-9a-f]{48}$", key);
            Assert.DoesNotContain(key.Split('=')[1], first.Output, StringComparison.Ordinal); // never printed
            Assert.Equal(0, second.ExitCode);
            Assert.Equal(key, (await File.ReadAllTextAsync(store)).Trim()); // kept, not rotated
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunHookAsync(string bin)
    {
        var start = new ProcessStartInfo("sh", [RepoRoot.Combine("infra", "scripts", "ensure-admin-key.sh")]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    // services → (key path → scalar), e.g. ["router"]["docker.path"].
    private static Dictionary<string, Dictionary<string, string>> Services()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepoRoot.Combine("azure.yaml")))
        {
            yaml.Load(reader);
        }

        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("services")];
        return services.Children.ToDictionary(
            s => ((YamlScalarNode)s.Key).Value!,
            s => Flatten((YamlMappingNode)s.Value, string.Empty).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    private static IEnumerable<KeyValuePair<string, string>> Flatten(YamlMappingNode node, string prefix) =>
        node.Children.SelectMany(c => c.Value switch
        {
            YamlMappingNode child => Flatten(child, $"{prefix}{((YamlScalarNode)c.Key).Value}."),
            YamlScalarNode scalar => [KeyValuePair.Create($"{prefix}{((YamlScalarNode)c.Key).Value}", scalar.Value ?? string.Empty)],
            _ => [],
        });
}
