using System.Diagnostics;
using System.Diagnostics.Metrics;
using Yarp.ReverseProxy.Forwarder;
using SkyHedge.Router.Pipeline;
using SkyHedge.Router.Replicas;

namespace SkyHedge.Router.Signals;

/// <summary>
/// The router's OpenTelemetry instruments (meter <c>SkyHedge.Router</c>): latency of each try per service, pool and
/// replica; retries by reason; requests held for lack of replicas; requests in flight. Replica ids are bounded
/// (a fleet has tens), so tagging by replica is affordable and is what finds a slow GPU.
/// </summary>
internal sealed class RouterMetrics
{
    public const string MeterName = "SkyHedge.Router";

    // Status codes as tag values without a string per request.
    private static readonly string[] StatusTexts = [.. Enumerable.Range(0, 600).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _retries;
    private readonly UpDownCounter<long> _queued;
    private readonly UpDownCounter<long> _inFlight;

    public RouterMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _duration = meter.CreateHistogram<double>("skyhedge.router.try.duration", "s", "Time from forwarding a try to its end, per service, pool and replica.");
        _retries = meter.CreateCounter<long>("skyhedge.router.retries", "{retry}", "Tries repeated on another replica, by reason.");
        _queued = meter.CreateUpDownCounter<long>("skyhedge.router.queue.depth", "{request}", "Requests waiting for a Ready replica.");
        _inFlight = meter.CreateUpDownCounter<long>("skyhedge.router.in_flight", "{request}", "Requests being forwarded.");
    }

    public long Start()
    {
        _inFlight.Add(1);
        return Stopwatch.GetTimestamp();
    }

    public void TryFinished(RequestPlan plan, RoutableReplica? replica, int status, ForwarderError error, long started)
    {
        _inFlight.Add(-1);
        _duration.Record(
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            new("service", plan.Service.Name),
            new("pool", replica?.Pool ?? "none"),
            new("replica", replica?.Id ?? "none"),
            new("outcome", error == ForwarderError.None ? StatusText(status) : error.ToString()));
    }

    private static string StatusText(int status) => (uint)status < StatusTexts.Length ? StatusTexts[status] : status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Retried(RequestPlan plan, string reason) =>
        _retries.Add(1, new KeyValuePair<string, object?>("service", plan.Service.Name), new KeyValuePair<string, object?>("reason", reason));

    public void QueueChanged(string service, int delta) => _queued.Add(delta, new KeyValuePair<string, object?>("service", service));
}
