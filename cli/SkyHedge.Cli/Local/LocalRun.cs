using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SkyHedge.Cli.Admin;
using SkyHedge.Clouds.Local;
using SkyHedge.Core.Model;

namespace SkyHedge.Cli.Local;

/// <summary>One <c>local up</c> session: start the stack, submit the spec, print where everything is and a status
/// table every few seconds, and on Ctrl+C (or <c>--duration</c>) stop everything within 10 s.</summary>
internal static class LocalRun
{
    private static readonly TimeSpan StatusEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(
        LocalStackOptions options, LocalCloudProvider cloud, string specYaml, double? durationSeconds, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        LocalStack stack;
        try
        {
            stack = await LocalStack.StartAsync(options, cloud, new SyncProgress(stderr, clock), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await cloud.DisposeAsync().ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }

        await using (stack.ConfigureAwait(false))
        {
            var submitted = await stack.SubmitAsync(specYaml, cancellationToken).ConfigureAwait(false);
            if (submitted.StatusCode != 201)
            {
                throw new CliFailure(ExitCodes.ApiError, $"the spec was refused ({submitted.StatusCode}): {Detail(submitted.Body)}");
            }

            var service = JsonDocument.Parse(submitted.Body).RootElement.GetProperty("name").GetString()!;
            await stdout.WriteLineAsync($"""

                SkyHedge is serving '{service}' locally.
                  router (OpenAI API):  {stack.RouterUrl}v1
                  admin API:            {stack.AdminUrl}api
                  admin key:            {options.ApiKey}
                  zones:                {string.Join(", ", cloud.Zones.Select(z => z.Location.Zone))} (trace × {cloud.Options.TimeScale.ToString(CultureInfo.InvariantCulture)})
                  replica logs:         {options.LogDirectory}

                  curl {stack.RouterUrl}v1/completions -H "Authorization: Bearer {options.ApiKey}" -H "Content-Type: application/json" \
                    -d '{"{"}"model": "{service}", "prompt": "Hello", "max_tokens": 16{"}"}'
                  dotnet run --project cli/SkyHedge.Cli -- status {service} --endpoint {stack.AdminUrl.ToString().TrimEnd('/')} --api-key {options.ApiKey}

                Ctrl+C stops everything.
                """).ConfigureAwait(false);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (durationSeconds is { } seconds)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(seconds));
            }

            try
            {
                while (true)
                {
                    await Task.Delay(StatusEvery, stop.Token).ConfigureAwait(false);
                    await stdout.WriteLineAsync(await StatusAsync(stack, service, clock.Elapsed, stop.Token).ConfigureAwait(false)).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                await stderr.WriteLineAsync("stopping: replicas, control plane, router, storage…").ConfigureAwait(false);
            }

            var stopping = Stopwatch.StartNew();
            await stack.DisposeAsync().AsTask().WaitAsync(StopBudget, CancellationToken.None).ConfigureAwait(false);
            await stderr.WriteLineAsync($"stopped in {stopping.Elapsed.TotalSeconds:0.0} s").ConfigureAwait(false);
        }

        return ExitCodes.Ok; // Ctrl+C or --duration is how a local stack is meant to end
    }

    /// <summary>A table of live replicas by zone and market with counts by status, plus spend and requests/s.</summary>
    private static async Task<string> StatusAsync(LocalStack stack, string service, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var rows = await stack.Store.ListReplicasAsync(service, cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        var counts = await stack.Store.GetRequestCountsAsync(service, now.AddMinutes(-1), now.AddMinutes(1), cancellationToken).ConfigureAwait(false);
        var spend = rows.Sum(r => r.Replica.HourlyPrice * (decimal)Math.Max(0, ((r.Replica.EndTime ?? now) - (r.Replica.LaunchTime ?? now)).TotalHours));
        var perSecond = SkyHedge.Control.Controller.ScaleMath.RequestsInWindow(counts, now, TimeSpan.FromMinutes(1)) / 60.0;
        var lines = new List<string> { $"── {elapsed:hh\\:mm\\:ss}  {service}  spend ${spend:0.0000}  {perSecond:0.0} requests/s (last minute) ──" };
        foreach (var group in rows.GroupBy(r => (r.Replica.Zone, r.Replica.Market)).OrderBy(g => g.Key.Zone, StringComparer.Ordinal).ThenBy(g => g.Key.Market))
        {
            var byStatus = group.GroupBy(r => r.Replica.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
            lines.Add($"  {group.Key.Zone,-14} {(group.Key.Market == Market.Spot ? "spot" : "on-demand"),-10} {string.Join(", ", byStatus)}");
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string Detail(string problemJson)
    {
        try
        {
            var root = JsonDocument.Parse(problemJson).RootElement;
            return root.TryGetProperty("detail", out var detail) ? detail.GetString() ?? problemJson : problemJson;
        }
        catch (JsonException)
        {
            return problemJson;
        }
    }

    /// <summary>Writes progress at once (Progress&lt;T&gt; posts to the thread pool, so lines could arrive late or out of order).</summary>
    private sealed class SyncProgress(TextWriter writer, Stopwatch clock) : IProgress<string>
    {
        public void Report(string value) => writer.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] {value}");
    }
}
