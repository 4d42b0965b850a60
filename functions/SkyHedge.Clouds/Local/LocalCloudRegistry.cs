using System.Collections.Concurrent;

namespace SkyHedge.Clouds.Local;

/// <summary>The live <see cref="LocalCloudProvider"/>s of this process, so its exit kills their emulators even when
/// nobody disposed them.</summary>
internal static class LocalCloudRegistry
{
    private static readonly ConcurrentDictionary<LocalCloudProvider, byte> Live = new();
    private static int _exitHookInstalled;

    public static void Add(LocalCloudProvider provider)
    {
        Live[provider] = 0;
        if (Interlocked.Exchange(ref _exitHookInstalled, 1) == 0)
        {
            // A host that exits without disposing us (an unhandled exception, Environment.Exit, a test runner that
            // never disposes) must not leave emulators listening. Kill everything first and wait for nothing: the
            // host may be torn down at any moment once it is exiting.
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                foreach (var p in Live.Keys)
                {
                    p.KillAllNow();
                }
            };
        }
    }

    public static void Remove(LocalCloudProvider provider) => Live.TryRemove(provider, out _);
}
