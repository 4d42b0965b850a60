using System.CommandLine;
using System.Globalization;
using SkyHedge.Cli.Output;
using SkyHedge.Simulation.Runs;

namespace SkyHedge.Cli.Commands;

/// <summary><c>skyhedge simulate --sweep DIR</c>: every policy over every public trace set found in DIR, back-to-back
/// windows, plus the cold-start and over-provisioning sensitivity of spothedge and skyhedge.</summary>
internal sealed class SimulateSweep
{
    public Option<string?> Sweep { get; } = new("--sweep")
    {
        Description = "Robustness sweep over the public spot trace sets in DIR (the data folder's spot/: aws-v100-2month at 300 s and 195 s, gcp-a100-6zone, aws-v100-4node, AWS+GCP 15 zones), as many back-to-back windows as fit, then cold-start, over-provisioning and interruption-notice sensitivity.",
    };

    public Option<bool> NoSensitivity { get; } = new("--no-sensitivity") { Description = "--sweep: skip the cold-start, over-provisioning and notice sensitivity." };

    public IEnumerable<Option> All => [Sweep, NoSensitivity];

    public int Run(ParseResult parse, SimulationSettings settings, (string? Json, bool JsonGiven, string? Plot) output, TextWriter stdout, TextWriter stderr)
    {
        var dir = parse.GetValue(Sweep)!;
        if (!Directory.Exists(dir))
        {
            throw new ArgumentException($"--sweep: folder \"{dir}\" not found; give the data folder's spot/ (it holds aws-v100-2month, gcp-a100-6zone, aws-v100-4node)");
        }

        var sets = SweepSet.Public(dir);
        if (sets.Count == 0)
        {
            throw new ArgumentException($"--sweep: \"{dir}\" holds none of aws-v100-2month, gcp-a100-6zone, aws-v100-4node");
        }

        settings.Validate();
        var report = SweepRunner.Run(sets, settings, !parse.GetValue(NoSensitivity), new Progress<string>(m => stderr.WriteLine(m)));
        var table = output.JsonGiven && string.IsNullOrEmpty(output.Json) ? stderr : stdout;
        Write(report, table);
        if (output.JsonGiven)
        {
            JsonOutput.Write(report, output.Json, stdout);
        }

        if (output.Plot is { Length: > 0 } png)
        {
            SweepPlot.Write(report, png);
            stderr.WriteLine($"plot written to {png}");
        }

        return 0;
    }

    internal static void Write(SweepReport report, TextWriter w)
    {
        var s = report.Settings;
        w.WriteLine(Inv($"sweep: windows of {s.Hours:0.##} h back to back, seed {s.Seed}, target {s.Target}, overprovision {s.Overprovision}, cold start {s.ColdStartSeconds:0} s, notice {s.NoticeSeconds:0} s"));
        w.WriteLine(Inv($"{"trace set",-16} {"windows",7}  {"policy",-19} {"avail mean",10} {"avail worst",11} {"cost/od mean",12} {"cost/od worst",13}"));
        foreach (var set in report.Sets)
        {
            foreach (var p in set.Policies)
            {
                w.WriteLine(Inv($"{set.Set,-16} {set.Windows,7}  {p.Policy,-19} {p.Availability,10:0.0000} {p.WorstAvailability,11:0.0000} {p.CostVsOndemand,12:0.000} {p.WorstCostVsOndemand,13:0.000}"));
            }
        }

        w.WriteLine();
        w.WriteLine("skyhedge against spothedge (rule: lower mean cost, mean availability >= spothedge - 0.0005, worst window >= spothedge - 0.002):");
        foreach (var set in report.Sets)
        {
            if (set.Find("skyhedge") is not { } sky || set.Find("spothedge") is not { } sh)
            {
                continue;
            }

            var saving = 1 - (sky.CostVsOndemand / sh.CostVsOndemand);
            w.WriteLine(Inv($"  {set.Set,-16} cost {-saving * 100,6:+0.0;-0.0}%  mean availability {sky.Availability - sh.Availability,8:+0.0000;-0.0000}  worst {sky.WorstAvailability - sh.WorstAvailability,8:+0.0000;-0.0000}  dominated in {set.Dominated}/{set.Windows} windows  {(set.SkyhedgeHolds == true ? "holds" : "FAILS")}"));
        }

        if (report.Sensitivity.Count == 0)
        {
            return;
        }

        w.WriteLine();
        w.WriteLine(Inv($"sensitivity on {report.Sets[0].Set} (mean availability / cost vs on-demand):"));
        foreach (var knob in report.Sensitivity.GroupBy(r => r.Knob))
        {
            foreach (var value in knob.GroupBy(r => r.Value))
            {
                var cells = string.Join("   ", value.Select(r => Inv($"{r.Policy} {r.Availability:0.0000} / {r.CostVsOndemand:0.000}")));
                w.WriteLine(Inv($"  {knob.Key,-14} {value.Key,4:0}   {cells}"));
            }
        }
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
