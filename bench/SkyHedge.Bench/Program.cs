using SkyHedge.Simulation.Traces;

namespace SkyHedge.Bench;

internal static class Program
{
    private const int Disagree = 1;
    private const int Usage = 2;
    private const int OverBudget = 3;

    public static int Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Usage;
        }

        if (options.Help)
        {
            Console.Out.WriteLine(BenchOptions.Usage);
            return 0;
        }

        BenchReport report;
        try
        {
            report = new SimulatorBench(options, Console.Error).Run();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or TraceFormatException or IOException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Usage;
        }

        ReportTable.Write(report, Console.Out);
        if (options.JsonFile is { } file)
        {
            ReportJson.Write(report, file);
            Console.Error.WriteLine($"results written to {file}");
        }

        return !report.AgreementOk ? Disagree : report.WithinBudget == false ? OverBudget : 0;
    }
}
