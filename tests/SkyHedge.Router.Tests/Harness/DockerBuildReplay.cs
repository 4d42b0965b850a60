using System.Runtime.InteropServices;
using SkyHedge.LocalHost.Processes;

namespace SkyHedge.Router.Tests.Harness;

/// <summary>
/// A <c>docker build</c> replayed without Docker, to prove a Dockerfile builds from exactly what it copies. Each
/// stage gets a folder standing for its filesystem root. COPY takes from the context (minus <c>.dockerignore</c>)
/// or, with <c>--from</c>, from an earlier stage's folder; WORKDIR, ARG and ENV are tracked; RUN runs the command on
/// this machine's .NET SDK in the stage's WORKDIR with the stage's ARGs and ENV, absolute paths mapped into the
/// stage's folder. The base images' own files are not modelled, so RUN may only invoke <c>dotnet</c>.
/// </summary>
/// <remarks>TARGETARCH is this machine's architecture, as BuildKit sets it for a native build. The first failing
/// step ends the replay and is reported in <see cref="Failure"/>.</remarks>
internal sealed class DockerBuildReplay
{
    /// <summary>The ENV of the .NET base images (runtime-deps, which aspnet and sdk build on) that Dockerfiles use:
    /// the non-root user's id and the default port, which an app's own settings must override.</summary>
    public static readonly IReadOnlyDictionary<string, string> DotnetImageEnvironment = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["APP_UID"] = "1654",
        ["ASPNETCORE_HTTP_PORTS"] = "8080",
        ["DOTNET_RUNNING_IN_CONTAINER"] = "true",
    };

    /// <summary>Keeps a replayed build from leaving MSBuild nodes or a compiler server running after it.</summary>
    private static readonly IReadOnlyDictionary<string, string> BuildHygiene = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["UseSharedCompilation"] = "false",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    private readonly string _context;
    private readonly string _root;
    private readonly TimeSpan _stepTimeout;
    private readonly DockerIgnore _ignore;
    private readonly List<ReplayedStage> _stages = [];
    private readonly List<ReplayedRun> _runs = [];

    private DockerBuildReplay(string context, string root, TimeSpan stepTimeout)
    {
        _context = context;
        _root = root;
        _stepTimeout = stepTimeout;
        _ignore = DockerIgnore.Load(context);
    }

    /// <summary>The value BuildKit gives TARGETARCH on this machine.</summary>
    public static string TargetArch => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        var other => throw new PlatformNotSupportedException($"No Docker TARGETARCH for {other}."),
    };

    /// <summary>The stages replayed, in order (all of them unless <see cref="Failure"/> is set).</summary>
    public IReadOnlyList<ReplayedStage> Stages => _stages;

    public IReadOnlyList<ReplayedRun> Runs => _runs;

    /// <summary>The first step that failed, with its output; null when the whole build went through.</summary>
    public string? Failure { get; private set; }

    /// <summary>Replays every stage of <paramref name="dockerfile"/> under <paramref name="root"/> (created; the
    /// caller deletes it).</summary>
    public static async Task<DockerBuildReplay> RunAsync(Dockerfile dockerfile, string context, string root, TimeSpan stepTimeout)
    {
        var replay = new DockerBuildReplay(context, root, stepTimeout);
        foreach (var stage in dockerfile.Stages)
        {
            if (!await replay.ReplayStageAsync(stage))
            {
                break;
            }
        }

        return replay;
    }

    private async Task<bool> ReplayStageAsync(DockerStage stage)
    {
        if (!stage.Image.StartsWith("mcr.microsoft.com/dotnet/", StringComparison.Ordinal))
        {
            return Fail($"line {stage.Line}: FROM {stage.Image}: the replay models the .NET images only.");
        }

        var root = Path.Combine(_root, $"stage{stage.Index}");
        Directory.CreateDirectory(root);
        var environment = new Dictionary<string, string>(DotnetImageEnvironment, StringComparer.Ordinal);
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        var workdir = "/";
        foreach (var instruction in stage.Instructions)
        {
            var variables = new Dictionary<string, string>(environment, StringComparer.Ordinal);
            foreach (var (name, value) in args)
            {
                variables.TryAdd(name, value);
            }

            switch (instruction.Keyword)
            {
                case "ARG":
                    var (argName, argDefault) = Dockerfile.ParseArg(instruction);
                    args[argName] = argName == "TARGETARCH" ? TargetArch : Dockerfile.Expand(argDefault ?? string.Empty, variables);
                    break;
                case "ENV":
                    foreach (var (name, value) in Dockerfile.ParseEnv(instruction, variables))
                    {
                        environment[name] = value;
                    }

                    break;
                case "WORKDIR":
                    workdir = ReplayedStage.Resolve(workdir, Dockerfile.Expand(instruction.Arguments, variables));
                    Directory.CreateDirectory(ReplayedStage.HostPath(root, workdir));
                    break;
                case "COPY":
                    if (Copy(instruction, variables, root, workdir) is { } copyProblem)
                    {
                        return Fail(copyProblem);
                    }

                    break;
                case "RUN":
                    var runEnvironment = new Dictionary<string, string>(variables, StringComparer.Ordinal);
                    foreach (var (name, value) in BuildHygiene)
                    {
                        runEnvironment[name] = value;
                    }

                    if (!await RunAsync(instruction, variables, runEnvironment, root, workdir))
                    {
                        return false;
                    }

                    break;
                case "EXPOSE" or "USER" or "ENTRYPOINT" or "CMD" or "LABEL":
                    break; // Metadata of the image, not steps of the build.
                default:
                    return Fail($"{instruction}: the replay does not support {instruction.Keyword}.");
            }
        }

        _stages.Add(new ReplayedStage(stage, root, workdir, environment));
        return true;
    }

    /// <summary>Docker's rules: a folder's contents go into the destination; a file goes into it when it is a
    /// folder (ends with '/', or several sources), else becomes it. Returns the problem, or null.</summary>
    private string? Copy(DockerInstruction instruction, IReadOnlyDictionary<string, string> variables, string root, string workdir)
    {
        var words = instruction.Words(variables);
        if (words.Count < 2)
        {
            return $"{instruction}: expected COPY source... destination.";
        }

        ReplayedStage? from = null;
        if (instruction.Flags.TryGetValue("from", out var fromName))
        {
            from = _stages.FirstOrDefault(s => s.Stage.Name == fromName || s.Stage.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) == fromName);
            if (from is null)
            {
                return $"{instruction}: no earlier stage '{fromName}' (copying from other images is not modelled).";
            }
        }

        var destination = words[^1];
        var destinationPath = ReplayedStage.HostPath(root, ReplayedStage.Resolve(workdir, destination));
        var intoFolder = destination.EndsWith('/') || destination is "." || words.Count > 2;
        foreach (var source in words.Take(words.Count - 1))
        {
            // A stage's paths are as the build left them; context paths are relative to the context root, whatever
            // their leading '/'.
            var sourcePath = from is null
                ? ReplayedStage.HostPath(_context, ReplayedStage.Resolve("/", source))
                : ReplayedStage.HostPath(from.Root, ReplayedStage.Resolve(from.Workdir, source));
            var excluded = from is null && _ignore.Excludes(Path.GetRelativePath(_context, sourcePath));
            if (Directory.Exists(sourcePath) && !excluded)
            {
                CopyFolder(sourcePath, destinationPath, from is null);
            }
            else if (File.Exists(sourcePath) && !excluded)
            {
                var target = intoFolder ? Path.Combine(destinationPath, Path.GetFileName(sourcePath)) : destinationPath;
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(sourcePath, target, overwrite: true);
            }
            else
            {
                return $"{instruction}: '{source}' not found{(from is null ? " in the build context" : $" in stage '{fromName}'")}{(excluded ? " (.dockerignore excludes it)" : string.Empty)}.";
            }
        }

        return null;
    }

    private void CopyFolder(string source, string destination, bool fromContext)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            if (!fromContext || !_ignore.Excludes(Path.GetRelativePath(_context, file)))
            {
                File.Copy(file, Path.Combine(destination, Path.GetFileName(file)), overwrite: true);
            }
        }

        foreach (var folder in Directory.EnumerateDirectories(source))
        {
            // An excluded folder is skipped whole (bin/ and obj/ are large) unless a '!' pattern may take a file back.
            if (!fromContext || _ignore.HasExceptions || !_ignore.Excludes(Path.GetRelativePath(_context, folder)))
            {
                CopyFolder(folder, Path.Combine(destination, Path.GetFileName(folder)), fromContext);
            }
        }
    }

    private async Task<bool> RunAsync(
        DockerInstruction instruction, IReadOnlyDictionary<string, string> variables, IReadOnlyDictionary<string, string> environment, string root, string workdir)
    {
        var command = instruction.ExecForm()?.Select(w => Dockerfile.Expand(w, variables)).ToList() ?? instruction.Words(variables);
        if (command.Count == 0 || command[0] != "dotnet" || command.Any(w => w.IndexOfAny(['&', '|', ';', '<', '>', '"', '\'', '`']) >= 0))
        {
            return Fail($"{instruction}: the replay runs plain `dotnet ...` commands only (no shell operators or quotes).");
        }

        // Absolute paths name places in the stage (publish -o /app): they land in the stage's folder.
        var arguments = command.Skip(1).Select(w => w.StartsWith('/') ? ReplayedStage.HostPath(root, w) : w).ToList();
        await using var process = ChildProcess.Start("dotnet", arguments, ReplayedStage.HostPath(root, workdir), environment);
        int exitCode;
        try
        {
            exitCode = await process.WaitForExitAsync(_stepTimeout);
        }
        catch (TimeoutException ex)
        {
            return Fail($"{instruction}: {ex.Message}");
        }

        var run = new ReplayedRun(instruction, command, process.CommandLine, exitCode, process.Output);
        _runs.Add(run);
        return exitCode == 0 || Fail($"{instruction}: `{run.HostCommandLine}` exited with {exitCode}:{Environment.NewLine}{run.Output}");
    }

    private bool Fail(string problem)
    {
        Failure = problem;
        return false;
    }
}
