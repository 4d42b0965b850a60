using System.Diagnostics;
using SkyHedge.Testing;

namespace SkyHedge.Infra.Tests;

/// <summary>The build fails on a Bicep type error (which the compiler itself only warns about), and leaves no
/// template behind: run on copies of the repo's build files and infra in a temp folder.</summary>
public sealed class BicepBuildTests
{
    [Fact]
    public async Task An_unknown_property_fails_the_infra_build_and_the_intact_copy_builds()
    {
        var intact = Copy();
        var broken = Copy();
        try
        {
            var registry = Path.Combine(broken, "infra", "modules", "registry.bicep");
            await File.WriteAllTextAsync(registry, (await File.ReadAllTextAsync(registry)).Replace("adminUserEnabled: false", "adminUserEnabled: false\n    adminPasswordOfChoice: 'x'", StringComparison.Ordinal));

            var good = await BuildAsync(intact);
            var bad = await BuildAsync(broken);

            Assert.True(good.ExitCode == 0, good.Output);
            Assert.True(File.Exists(Path.Combine(intact, "infra", "bin", "Debug", "main.json")));
            Assert.NotEqual(0, bad.ExitCode);
            Assert.Contains("BCP037", bad.Output, StringComparison.Ordinal);
            Assert.Contains("adminPasswordOfChoice", bad.Output, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(broken, "infra", "bin", "Debug", "main.json")), "a failed build must not leave a template for the next one to skip to");
        }
        finally
        {
            Directory.Delete(intact, recursive: true);
            Directory.Delete(broken, recursive: true);
        }
    }

    // The build files (central packages, analyzers) and infra/ without outputs: what `dotnet build infra` needs.
    private static string Copy()
    {
        var root = Directory.CreateTempSubdirectory("skyhedge-infra-").FullName;
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "nuget.config", "NuGet.config" })
        {
            if (File.Exists(RepoRoot.Combine(file)))
            {
                File.Copy(RepoRoot.Combine(file), Path.Combine(root, file));
            }
        }

        var source = RepoRoot.Combine("infra");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(root, "infra", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return root;
    }

    private static async Task<(int ExitCode, string Output)> BuildAsync(string root)
    {
        var start = new ProcessStartInfo("dotnet", ["build", Path.Combine(root, "infra", "Infra.csproj"), "-nologo", "-v:q", "-p:UseSharedCompilation=false", "-nodeReuse:false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
