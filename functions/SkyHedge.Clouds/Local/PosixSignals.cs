using System.Runtime.InteropServices;

namespace SkyHedge.Clouds.Local;

/// <summary>SIGTERM for a child process: .NET can kill a process but not ask it to stop.</summary>
internal static class PosixSignals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM. False on Windows (no signals; the caller kills instead) or when the process is
    /// already gone.</summary>
    public static bool TryTerminate(int processId)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        return Kill(processId, SigTerm) == 0;
    }

    // Blittable arguments, so the classic DllImport needs no marshalling code (and no unsafe blocks).
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
