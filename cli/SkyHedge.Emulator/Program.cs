namespace SkyHedge.Emulator;

/// <summary>The <c>skyhedge-emulator</c> executable; everything is in <see cref="EmulatorApp"/>.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => EmulatorApp.RunAsync(args);
}
