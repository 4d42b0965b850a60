using System.Reflection;

namespace SkyHedge.Clouds.Local;

/// <summary>
/// How to start one model-server emulator (<c>cli/SkyHedge.Emulator</c>, executable <c>skyhedge-emulator</c>): the
/// file to run and the arguments that come before the emulator's own (<c>--gpu … --port 0 …</c>).
/// </summary>
/// <param name="FileName">The program: the <c>skyhedge-emulator</c> apphost, or the <c>dotnet</c> host.</param>
/// <param name="Arguments">Arguments before the emulator's own: the dll path when run through <c>dotnet</c>.</param>
public sealed record EmulatorCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The emulator's assembly and apphost name.</summary>
    public const string ExecutableName = "skyhedge-emulator";

    /// <summary>The emulator project's folder, relative to the repository root.</summary>
    public const string ProjectFolder = "cli/SkyHedge.Emulator";

    /// <summary>A command for a path: a <c>.dll</c> runs through the <c>dotnet</c> host that runs this process
    /// (see <see cref="DotNetHost"/>); anything else is started as it is.</summary>
    public static EmulatorCommand FromPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        return full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new EmulatorCommand(DotNetHost(), [full])
            : new EmulatorCommand(full, []);
    }

    /// <summary>
    /// Finds a built emulator, or returns null. Looks, in order: (1) in <paramref name="baseDirectory"/> (default
    /// <see cref="AppContext.BaseDirectory"/>: a project that references the emulator gets it copied there);
    /// (2) in the repository's build output, <c>cli/SkyHedge.Emulator/bin/{Debug|Release}/net10.0/</c> of the first
    /// folder above <paramref name="baseDirectory"/> that holds <c>Serverless.sln</c>, this build's configuration
    /// first; (3) on <c>PATH</c>. In a folder the dll (run with <c>dotnet</c>) is preferred to the apphost, which
    /// needs the runtime registered where the apphost looks for it.
    /// </summary>
    public static EmulatorCommand? Locate(string? baseDirectory = null)
    {
        var start = baseDirectory ?? AppContext.BaseDirectory;
        if (InFolder(start) is { } here)
        {
            return here;
        }

        if (RepoRoot(start) is { } root)
        {
            foreach (var configuration in Configurations())
            {
                if (InFolder(Path.Combine(root, ProjectFolder, "bin", configuration, "net10.0")) is { } built)
                {
                    return built;
                }
            }
        }

        return OnPath();
    }

    /// <summary>Where <see cref="Locate"/> looks, for error messages.</summary>
    public static string SearchDescription(string? baseDirectory = null) =>
        $"{baseDirectory ?? AppContext.BaseDirectory}, {ProjectFolder}/bin/<Configuration>/net10.0 under the repository, and PATH";

    /// <summary>The <c>dotnet</c> host: this process's own when it is one, else <c>DOTNET_HOST_PATH</c> (set by the
    /// SDK for <c>dotnet test</c> and <c>dotnet run</c>), else <c>DOTNET_ROOT/dotnet</c>, else <c>dotnet</c> on
    /// PATH.</summary>
    public static string DotNetHost()
    {
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } self && string.Equals(Path.GetFileName(self), exe, StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, exe)))
        {
            return Path.Combine(root, exe);
        }

        return exe;
    }

    public override string ToString() => string.Join(' ', [FileName, .. Arguments]);

    private static EmulatorCommand? InFolder(string folder)
    {
        var dll = Path.Combine(folder, ExecutableName + ".dll");
        if (File.Exists(dll) && File.Exists(Path.Combine(folder, ExecutableName + ".runtimeconfig.json")))
        {
            return FromPath(dll);
        }

        var apphost = Path.Combine(folder, ExecutableName + (OperatingSystem.IsWindows() ? ".exe" : ""));
        return File.Exists(apphost) ? new EmulatorCommand(Path.GetFullPath(apphost), []) : null;
    }

    private static EmulatorCommand? OnPath()
    {
        var name = ExecutableName + (OperatingSystem.IsWindows() ? ".exe" : "");
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .Where(File.Exists)
            .Select(file => new EmulatorCommand(file, []))
            .FirstOrDefault();
    }

    private static string? RepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    // This assembly's own build configuration first, so a Release test run starts the Release emulator.
    private static string[] Configurations()
    {
        var own = typeof(EmulatorCommand).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        return string.Equals(own, "Release", StringComparison.OrdinalIgnoreCase) ? ["Release", "Debug"] : ["Debug", "Release"];
    }
}
