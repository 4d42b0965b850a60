using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SkyHedge.LocalHost.Processes;

namespace SkyHedge.LocalHost.Azurite;

/// <summary>
/// Installs the pinned Azurite once, in one place (<c>tools/azurite/node_modules</c>), shared by every fixture,
/// every test assembly and <c>skyhedge local up</c>. Several test assemblies start in parallel, so the
/// <c>npm ci</c> runs under a cross-process lock and the winner's install is reused by the others.
/// </summary>
public static class AzuriteInstall
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(10);
    private static readonly SemaphoreSlim InProcess = new(1, 1);

    private static readonly Lazy<string> FolderPath = new(FindFolder);

    /// <summary><c>tools/azurite</c> of this repository: found above the running program (a test's or the CLI's
    /// build output) or above the current directory (<c>dotnet run</c> from a clone).</summary>
    /// <exception cref="InvalidOperationException">Neither is inside a SkyHedge checkout.</exception>
    public static string Folder => FolderPath.Value;

    /// <summary>Azurite's entry script; run it with <c>node</c> (no shell wrapper, so killing the tree is simple
    /// and the same on every OS).</summary>
    public static string EntryScript => Path.Combine(Folder, "node_modules", "azurite", "dist", "src", "azurite.js");

    /// <summary>Makes sure the pinned Azurite is installed; returns <see cref="EntryScript"/>.</summary>
    /// <param name="progress">Told when an install starts, every 10 s while it runs, and when it is done (a first
    /// <c>npm ci</c> takes about a minute).</param>
    /// <exception cref="InvalidOperationException">npm is missing or <c>npm ci</c> failed (the message says which
    /// and holds npm's output).</exception>
    public static async Task<string> EnsureAsync(IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (IsInstalled())
        {
            return EntryScript;
        }

        await InProcess.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var crossProcess = await AcquireLockAsync(cancellationToken).ConfigureAwait(false);
            if (!IsInstalled())
            {
                await RunNpmCiAsync(progress, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            InProcess.Release();
        }

        return IsInstalled()
            ? EntryScript
            : throw new InvalidOperationException($"`npm ci` in {Folder} succeeded but {EntryScript} is missing or not the pinned version.");
    }

    /// <summary>Installed means the bin link exists and the installed package is the version package.json pins
    /// (a stale node_modules from an older pin is reinstalled, not silently used).</summary>
    private static bool IsInstalled()
    {
        var bin = Path.Combine(Folder, "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");
        var installedManifest = Path.Combine(Folder, "node_modules", "azurite", "package.json");
        if (!File.Exists(bin) || !File.Exists(EntryScript) || !File.Exists(installedManifest))
        {
            return false;
        }

        return string.Equals(PinnedVersion(), ReadJson(installedManifest).GetProperty("version").GetString(), StringComparison.Ordinal);
    }

    private static string? PinnedVersion()
    {
        var manifest = ReadJson(Path.Combine(Folder, "package.json"));
        return manifest.GetProperty("dependencies").GetProperty("azurite").GetString();
    }

    private static JsonElement ReadJson(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    /// <summary>An exclusively opened lock file (FileShare.None is an OS-level lock on every platform .NET runs
    /// on), retried until the other installer is done. It lives in the temp folder, keyed by the repository path,
    /// because npm ci deletes node_modules and the repository should not grow untracked files.</summary>
    private static async Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Folder)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"skyhedge-azurite-install-{key}.lock");
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new InvalidOperationException($"Another process held the Azurite install lock {path} for over {LockTimeout.TotalMinutes:0} minutes.", ex);
            }
        }
    }

    private static async Task RunNpmCiAsync(IProgress<string>? progress, CancellationToken cancellationToken)
    {
        progress?.Report($"installing Azurite with `npm ci` in {Folder} (first use only; about a minute)…");
        ChildProcess npm;
        try
        {
            npm = ChildProcess.Start(OperatingSystem.IsWindows() ? "npm.cmd" : "npm", ["ci", "--no-audit", "--no-fund"], Folder);
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"Azurite (the Azure Storage emulator the tests run) is not installed in {Folder}, and npm was not found on PATH to "
                + "install it. Install Node.js 20 or later (it ships npm), or run `npm ci` in tools/azurite once.", ex);
        }

        await using (npm.ConfigureAwait(false))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var exit = npm.WaitForExitAsync(NpmTimeout, cancellationToken);
            while (progress is not null && await Task.WhenAny(exit, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken)).ConfigureAwait(false) != exit)
            {
                progress.Report($"still installing Azurite ({clock.Elapsed.TotalSeconds:0} s)…");
            }

            var exitCode = await exit.ConfigureAwait(false);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"`npm ci` in {Folder} failed with exit code {exitCode}:{Environment.NewLine}{npm.Output}");
            }

            progress?.Report($"Azurite installed in {clock.Elapsed.TotalSeconds:0} s");
        }
    }

    private static string FindFolder()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tools", "azurite");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            $"tools/azurite/package.json not found above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}: run from a SkyHedge checkout.");
    }
}
