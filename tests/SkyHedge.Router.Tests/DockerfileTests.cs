using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SkyHedge.LocalHost.Processes;
using SkyHedge.Router.Tests.Harness;
using SkyHedge.Testing;

namespace SkyHedge.Router.Tests;

/// <summary>
/// <c>router/Dockerfile</c>, checked without Docker: what it copies exists in the build context (the repository
/// root), its images are pinned, the image runs as a non-root user on 8080, and its build stage, replayed from
/// exactly what it copies, publishes a router that starts the way the image starts it and answers on every
/// interface.
/// </summary>
public sealed partial class DockerfileTests(RouterImageBuild build) : IClassFixture<RouterImageBuild>
{
    private const string RouterProject = "router/SkyHedge.Router/SkyHedge.Router.csproj";
    private const string RouterDll = "skyhedge-router.dll";

    [Fact]
    public void Every_COPY_source_is_in_the_build_context_and_not_left_out_by_dockerignore()
    {
        var dockerfile = RouterImageBuild.Load();
        var ignore = DockerIgnore.Load(RepoRoot.Path);
        var problems = new List<string>();
        var sources = 0;
        foreach (var stage in dockerfile.Stages)
        {
            foreach (var copy in stage.All("COPY").Where(c => !c.Flags.ContainsKey("from")))
            {
                var words = copy.Words(ArgDefaults(dockerfile, stage));
                foreach (var source in words.Take(words.Count - 1))
                {
                    sources++;
                    var relative = source.TrimStart('/');
                    var path = Path.GetFullPath(Path.Combine(RepoRoot.Path, relative));
                    if (source.IndexOfAny(['*', '?', '[']) >= 0)
                    {
                        problems.Add($"{copy}: '{source}' is a wildcard; name the files, so this test can check them.");
                    }
                    else if (!path.StartsWith(RepoRoot.Path + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    {
                        problems.Add($"{copy}: '{source}' is outside the build context.");
                    }
                    else if (!File.Exists(path) && !Directory.Exists(path))
                    {
                        problems.Add($"{copy}: '{source}' does not exist in the build context {RepoRoot.Path}.");
                    }
                    else if (ignore.Excludes(relative))
                    {
                        problems.Add($"{copy}: '{source}' is excluded by .dockerignore.");
                    }
                }
            }
        }

        Assert.True(sources > 0, "router/Dockerfile copies nothing from the build context.");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_restore_layer_copies_every_project_the_router_builds_from_and_no_sources()
    {
        var dockerfile = RouterImageBuild.Load();
        var stage = dockerfile.Stages.Single(s => s.All("RUN").Any(r => r.Arguments.StartsWith("dotnet publish", StringComparison.Ordinal)));
        var restoreAt = stage.Instructions.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet restore", StringComparison.Ordinal));
        Assert.True(restoreAt >= 0, "The build stage has no `RUN dotnet restore` of its own, so every source change would re-download the packages.");

        // Where each file copied before the restore lands, relative to the WORKDIR of the restore.
        var workdir = "/";
        var copied = new HashSet<string>(StringComparer.Ordinal);
        var variables = ArgDefaults(dockerfile, stage);
        foreach (var instruction in stage.Instructions.Take(restoreAt))
        {
            if (instruction.Keyword == "WORKDIR")
            {
                workdir = ReplayedStage.Resolve(workdir, instruction.Arguments);
            }
            else if (instruction.Keyword == "COPY")
            {
                var words = instruction.Words(variables);
                var destination = ReplayedStage.Resolve(workdir, words[^1]);
                var intoFolder = words[^1].EndsWith('/') || words[^1] is "." || words.Count > 2;
                foreach (var source in words.Take(words.Count - 1))
                {
                    Assert.True(File.Exists(RepoRoot.Combine(source)), $"{instruction}: '{source}' is not a file. Copying sources before the restore makes every edit re-run it.");
                    copied.Add(intoFolder ? $"{destination}/{Path.GetFileName(source)}" : destination);
                }
            }
        }

        var needed = ProjectClosure(RouterProject).Append("Directory.Build.props").Append("Directory.Packages.props").ToList();
        var missing = needed.Where(file => !copied.Contains(ReplayedStage.Resolve(workdir, file))).ToList();
        Assert.True(missing.Count == 0, $"Not copied (to the same place under {workdir}) before the restore: {string.Join(", ", missing)}.");
    }

    [Fact]
    public void Base_images_are_the_dotnet_images_of_the_target_framework_pinned_to_a_patch_release()
    {
        var dockerfile = RouterImageBuild.Load();
        Assert.True(dockerfile.Stages.Count >= 2, "Expected a build stage and a runtime stage.");
        var framework = TargetFrameworkVersion();
        foreach (var stage in dockerfile.Stages)
        {
            var (repository, tag, digest) = stage.ImageParts();
            Assert.True(tag is not null, $"line {stage.Line}: FROM {stage.Image} has no tag, which means 'latest'.");
            var version = PatchTag().Match(tag);
            Assert.True(version.Success, $"line {stage.Line}: FROM {stage.Image}: expected a patch release tag such as {framework}.N, not '{tag}'.");
            Assert.Equal(framework, version.Groups["minor"].Value);
            Assert.True(digest is null || Sha256Digest().IsMatch(digest), $"line {stage.Line}: FROM {stage.Image}: '{digest}' is not a sha256 digest.");
            Assert.StartsWith("mcr.microsoft.com/dotnet/", repository, StringComparison.Ordinal);
        }

        Assert.Equal("mcr.microsoft.com/dotnet/sdk", dockerfile.Stages[0].ImageParts().Repository);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet", dockerfile.Final.ImageParts().Repository);

        // The build copies global.json, so the image's SDK must satisfy it (rollForward latestFeature: the same
        // major.minor, this version or later).
        var sdk = Version.Parse(PatchTag().Match(dockerfile.Stages[0].ImageParts().Tag!).Groups["version"].Value);
        using var globalJson = JsonDocument.Parse(File.ReadAllText(RepoRoot.Combine("global.json")));
        var required = Version.Parse(globalJson.RootElement.GetProperty("sdk").GetProperty("version").GetString()!);
        Assert.True(
            sdk.Major == required.Major && sdk.Minor == required.Minor && sdk >= required,
            $"SDK image {sdk} does not satisfy global.json's {required}.");
    }

    [Fact]
    public void The_image_runs_as_a_non_root_user_and_exposes_8080()
    {
        var final = RouterImageBuild.Load().Final;
        var user = final.All("USER").LastOrDefault();
        Assert.True(user is not null, "The runtime stage has no USER, so the router would run as root.");
        var name = Dockerfile.Expand(user.Arguments, DockerBuildReplay.DotnetImageEnvironment).Split(':')[0].Trim();
        Assert.False(name is "" or "root" or "0", $"{user}: '{name}' is root (or nobody).");

        var ports = final.All("EXPOSE").SelectMany(e => e.Words(DockerBuildReplay.DotnetImageEnvironment)).Select(p => p.Split('/')[0]);
        Assert.Contains("8080", ports);
    }

    [Fact]
    public async Task Replaying_the_build_from_only_what_it_copies_publishes_the_router_into_the_image()
    {
        var replay = await build.ReplayAsync();
        Assert.True(replay.Failure is null, replay.Failure);

        var publish = Assert.Single(replay.Runs, r => r.Command is [_, "publish", ..]);
        Assert.Equal(RouterProject, publish.Command[2]);
        if (publish.Command.Contains("--no-restore"))
        {
            var earlier = replay.Runs.TakeWhile(r => r != publish);
            Assert.Contains(earlier, r => r.Command is [_, "restore", var project, ..] && project == RouterProject);
        }

        var buildStage = replay.Stages.Single(s => s.Stage.Instructions.Contains(publish.Instruction));
        var outputAt = publish.Command.ToList().FindIndex(w => w is "-o" or "--output");
        Assert.True(outputAt > 0 && outputAt + 1 < publish.Command.Count, $"{publish.Instruction}: no -o folder for the runtime stage to copy.");
        var output = buildStage.HostPath(publish.Command[outputAt + 1]);
        Assert.True(File.Exists(Path.Combine(output, RouterDll)), $"{RouterDll} not in the publish output. {publish.HostCommandLine} printed:{Environment.NewLine}{publish.Output}");

        // Publishing for the target architecture leaves other platforms' native libraries (OR-Tools') out.
        var platforms = Directory.Exists(Path.Combine(output, "runtimes")) ? Directory.GetDirectories(Path.Combine(output, "runtimes")).Select(Path.GetFileName) : [];
        Assert.DoesNotContain(platforms, p => p!.StartsWith("win", StringComparison.Ordinal) || p.StartsWith("osx", StringComparison.Ordinal));

        // The runtime stage got it through COPY --from, where its ENTRYPOINT looks for it.
        var final = replay.Stages[^1];
        Assert.NotSame(buildStage, final);
        var entrypoint = final.Stage.All("ENTRYPOINT").Last().ExecForm();
        Assert.NotNull(entrypoint);
        Assert.Equal(["dotnet", RouterDll], entrypoint);
        Assert.True(File.Exists(final.HostPath(RouterDll)), $"{RouterDll} not in the runtime stage's {final.Workdir}.");
    }

    [Fact]
    public async Task The_image_entrypoint_answers_healthz_on_every_interface()
    {
        var replay = await build.ReplayAsync();
        Assert.True(replay.Failure is null, replay.Failure);
        var final = replay.Stages[^1];

        // Without ASPNETCORE_URLS the router listens on 127.0.0.1 only: nothing outside the container reaches it.
        var urls = final.Environment.GetValueOrDefault("ASPNETCORE_URLS") ?? string.Empty;
        var url = WildcardUrl().Match(urls);
        Assert.True(url.Success, $"ASPNETCORE_URLS is '{urls}'; expected one URL on every interface, such as http://+:8080 (the router's default is {RouterSettings.DefaultUrl}).");
        var exposed = final.Stage.All("EXPOSE").SelectMany(e => e.Words(final.Environment)).Select(p => p.Split('/')[0]);
        Assert.Contains(url.Groups["port"].Value, exposed);

        // The image's environment, except for a free port instead of 8080, and nothing of the test's own leaking in.
        var environment = new Dictionary<string, string>(final.Environment, StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = $"http://{url.Groups["host"].Value}:0",
        };
        foreach (var inherited in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(IsAppSetting))
        {
            environment.TryAdd(inherited, string.Empty);
        }

        var replicas = Path.Combine(build.Scratch, "replicas.json");
        await File.WriteAllTextAsync(replicas, """{"services": []}""");
        var entrypoint = final.Stage.All("ENTRYPOINT").Last().ExecForm()!;
        await using var router = ChildProcess.Start(entrypoint[0], [.. entrypoint.Skip(1), "--replicas", replicas], final.HostPath(final.Workdir), environment);
        await router.WaitForOutputAsync(lines => lines.Any(l => ListeningLine().IsMatch(l)), TimeSpan.FromSeconds(60), "the router's 'Now listening on' line");

        var listening = ListeningLine().Match(router.Output);
        Assert.True(listening.Groups["host"].Value is "[::]" or "0.0.0.0", $"Listening on {listening.Value}, not on every interface.{Environment.NewLine}{router.Output}");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{listening.Groups["port"].Value}/healthz"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/healthz answered {(int)response.StatusCode}: {body}{Environment.NewLine}{router.Output}");
        Assert.Contains("\"status\":\"ok\"", body, StringComparison.Ordinal);

        // The base image's ASPNETCORE_HTTP_PORTS is cleared, so Kestrel has no competing setting to warn about.
        Assert.DoesNotContain("Overriding HTTP_PORTS", router.Output, StringComparison.Ordinal);
    }

    /// <summary>The router's settings and ASP.NET Core's: read from the environment, so the test's must not leak in.</summary>
    private static bool IsAppSetting(string name) =>
        name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("SkyHedge", StringComparison.OrdinalIgnoreCase)
        || name.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, string> ArgDefaults(Dockerfile dockerfile, DockerStage stage)
    {
        var variables = new Dictionary<string, string>(dockerfile.GlobalArgs, StringComparer.Ordinal);
        foreach (var arg in stage.All("ARG"))
        {
            var (name, value) = Dockerfile.ParseArg(arg);
            variables[name] = value ?? string.Empty;
        }

        return variables;
    }

    /// <summary>The project and every project it references, transitively, relative to the repository root.</summary>
    private static SortedSet<string> ProjectClosure(string project)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next))
            {
                continue;
            }

            var path = RepoRoot.Combine(next);
            foreach (var reference in XDocument.Load(path).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, reference.Attribute("Include")!.Value));
                pending.Push(Path.GetRelativePath(RepoRoot.Path, full).Replace('\\', '/'));
            }
        }

        return seen;
    }

    /// <summary>"10.0" from Directory.Build.props' net10.0.</summary>
    private static string TargetFrameworkVersion()
    {
        var match = TargetFramework().Match(File.ReadAllText(RepoRoot.Combine("Directory.Build.props")));
        Assert.True(match.Success, "Directory.Build.props sets no netN.M TargetFramework.");
        return match.Groups["version"].Value;
    }

    [GeneratedRegex(@"^(?<version>(?<minor>\d+\.\d+)\.\d+)(-[0-9A-Za-z.-]+)?$")]
    private static partial Regex PatchTag();

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex Sha256Digest();

    [GeneratedRegex(@">net(?<version>\d+\.\d+)</TargetFramework>")]
    private static partial Regex TargetFramework();

    [GeneratedRegex(@"^http://(?<host>\+|\*|0\.0\.0\.0|\[::\]):(?<port>\d+)/?$")]
    private static partial Regex WildcardUrl();

    [GeneratedRegex(@"Now listening on: http://(?<host>\[[^\]]+\]|[^:\s/]+):(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
