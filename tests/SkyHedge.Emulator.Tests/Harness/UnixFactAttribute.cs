namespace SkyHedge.Emulator.Tests.Harness;

/// <summary>A fact that needs POSIX signals (SIGTERM); skipped on Windows, which has none to send.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Sends SIGTERM, which Windows does not have.";
        }
    }
}
