using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SkyHedge.Cli.Admin;
using SkyHedge.Clouds.Local;
using Spectre.Console;

namespace SkyHedge.Cli.Local;

/// <summary>One <c>local up</c> session: start the stack, submit the spec, print where everything is, then a live
/// status table (a text block every 5 s when the output is redirected), and on Ctrl+C, SIGTERM or
/// <c>--duration</c> stop everything within 10 s.</summary>
internal static class LocalRun
{
    private static readonly TimeSpan StatusEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LiveEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(
        LocalStackOptions options,
        LocalCloudProvider cloud,
        string specYaml,
        double? durationSeconds,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken,
        IReadOnlyList<GpuOutage>? outages = null)
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

            var scheduled = (outages ?? []).Select(o => o.RunAsync(cloud.WithdrawGpu, cloud.RestoreGpu, stderr, stop.Token)).ToList();

            try
            {
                if (Interactive(stdout))
                {
                    await ShowLiveAsync(stack, cloud, service, clock, stop.Token).ConfigureAwait(false);
                }
                else
                {
                    while (true)
                    {
                        await Task.Delay(StatusEvery, stop.Token).ConfigureAwait(false);
                        var status = await LocalStatus.ReadAsync(stack.Store, cloud, service, clock.Elapsed, stop.Token).ConfigureAwait(false);
                        await stdout.WriteLineAsync(status.ToText()).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                await stderr.WriteLineAsync("stopping: replicas, control plane, router, storage…").ConfigureAwait(false);
            }

            await Task.WhenAll(scheduled).ConfigureAwait(false); // cancelled with the stop: they end at once

            var stopping = Stopwatch.StartNew();
            await stack.DisposeAsync().AsTask().WaitAsync(StopBudget, CancellationToken.None).ConfigureAwait(false);
            await stderr.WriteLineAsync($"stopped in {stopping.Elapsed.TotalSeconds:0.0} s").ConfigureAwait(false);
        }

        return ExitCodes.Ok; // Ctrl+C or --duration is how a local stack is meant to end
    }

    /// <summary>A terminal gets a live table; redirected output (a log, a pipe, a test) gets a text block every
    /// <see cref="StatusEvery"/>, since cursor movement would only garble it.</summary>
    private static bool Interactive(TextWriter stdout) =>
        ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    private static async Task ShowLiveAsync(LocalStack stack, LocalCloudProvider cloud, string service, Stopwatch clock, CancellationToken cancellationToken)
    {
        var first = await LocalStatus.ReadAsync(stack.Store, cloud, service, clock.Elapsed, cancellationToken).ConfigureAwait(false);
        await AnsiConsole.Live(first.ToTable()).StartAsync(async live =>
        {
            while (true)
            {
                await Task.Delay(LiveEvery, cancellationToken).ConfigureAwait(false);
                var status = await LocalStatus.ReadAsync(stack.Store, cloud, service, clock.Elapsed, cancellationToken).ConfigureAwait(false);
                live.UpdateTarget(status.ToTable());
            }
        }).ConfigureAwait(false);
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
