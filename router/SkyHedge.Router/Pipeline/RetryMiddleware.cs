using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;
using SkyHedge.Router.Signals;

namespace SkyHedge.Router.Pipeline;

/// <summary>
/// The step of YARP's proxy pipeline that retries. Each try asks the <see cref="PoolLoadBalancer"/> for a replica
/// (it skips replicas this request already tried) and runs the forwarder. A try is retried when nothing has reached the client yet and it failed
/// in a way another replica can fix: connection refused or reset, a timeout, or a 502/503/504 from the replica.
/// A 4xx is the client's problem and is returned as is; a client that hangs up cancels the upstream request
/// (YARP links the upstream call to <see cref="HttpContext.RequestAborted"/>) and is not retried.
/// </summary>
internal sealed class RetryMiddleware(
    RequestDelegate next, IProxyStateLookup proxyState, PoolLoadBalancer balancer, SuspectReplicas suspects, RouterOptions options, RouterMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var plan = context.Features.Get<RequestPlan>() ?? throw new InvalidOperationException("RetryMiddleware runs after admission.");
        if (!proxyState.TryGetCluster(plan.Service.ClusterId, out var cluster))
        {
            await Requests.OpenAiError.WriteAsync(context, 503, $"The model '{plan.Service.Name}' has no replica yet.", "service_unavailable", retryAfter: TimeSpan.FromSeconds(5));
            return;
        }

        var realBody = context.Response.Body;
        var buffer = plan.Request.Stream || options.ResponseBufferBytes == 0 ? null : new BufferedResponseStream(realBody, options.ResponseBufferBytes);
        if (buffer is not null)
        {
            context.Response.Body = buffer;
        }

        try
        {
            await TryAllAsync(context, plan, cluster, buffer);
        }
        finally
        {
            if (buffer is not null)
            {
                context.Response.Body = realBody;
                if (!context.RequestAborted.IsCancellationRequested)
                {
                    await buffer.CommitAsync(context.RequestAborted);
                }
            }
        }
    }

    private async Task TryAllAsync(HttpContext context, RequestPlan plan, ClusterState cluster, BufferedResponseStream? buffer)
    {
        var body = plan.Request.Body;
        for (var attempt = 1; ; attempt++)
        {
            plan.Attempt = attempt;
            plan.RetryableStatus = false;
            plan.Replica = null;
            context.Request.Body = new ReadOnlyMemoryStream(body);
            context.Features.Set<IForwarderErrorFeature>(null);
            context.ReassignProxyRequest(cluster);

            // The balancer is called here rather than by YARP's step, which skips the policy when one destination is
            // left — and even then draining and already-tried replicas must be filtered and the token chosen.
            var feature = context.GetReverseProxyFeature();
            var picked = balancer.PickDestination(context, cluster, feature.AvailableDestinations);
            feature.AvailableDestinations = picked is null ? [] : [picked];
            var started = metrics.Start();
            await next(context);

            var error = context.Features.Get<IForwarderErrorFeature>()?.Error ?? ForwarderError.None;
            var replica = plan.Replica;
            metrics.TryFinished(plan, replica, context.Response.StatusCode, error, started);
            var retriable = plan.RetryableStatus || IsRetriable(error);
            if (!retriable || !plan.CanRetry || context.Response.HasStarted || buffer?.Committed == true || context.RequestAborted.IsCancellationRequested)
            {
                if (error != ForwarderError.None && !context.Response.HasStarted && buffer?.Committed != true && !context.RequestAborted.IsCancellationRequested)
                {
                    await WriteFailureAsync(context, plan, error);
                }

                return;
            }

            if (replica is not null)
            {
                plan.Tried.Add(replica.Key);
                if (!plan.RetryableStatus)
                {
                    suspects.Mark(replica.Key); // the connection failed: likely preempted
                }
            }

            metrics.Retried(plan, plan.RetryableStatus ? "status" : error.ToString());
            context.Response.Clear();
            buffer?.Reset();
            var pause = options.RetryBackoff * attempt * Random.Shared.NextDouble();
            await Task.Delay(pause, context.RequestAborted);
        }
    }

    private static Task WriteFailureAsync(HttpContext context, RequestPlan plan, ForwarderError error)
    {
        var (status, message) = error switch
        {
            ForwarderError.NoAvailableDestinations => (503, $"No ready replica of '{plan.Service.Name}' is left to try after {plan.Attempt - 1} failed tries."),
            ForwarderError.RequestTimedOut => (504, $"The replica did not answer in time ({plan.Attempt} tries)."),
            _ => (502, $"The replica failed ({error}) and {plan.Attempt} tries were used."),
        };
        return Requests.OpenAiError.WriteAsync(context, status, message, "server_error", retryAfter: status == 503 ? TimeSpan.FromSeconds(5) : null);
    }

    private static bool IsRetriable(ForwarderError error) => error is
        ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.RequestBodyDestination
        or ForwarderError.ResponseHeaders or ForwarderError.ResponseBodyDestination;
}
