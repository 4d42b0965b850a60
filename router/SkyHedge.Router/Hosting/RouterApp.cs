using System.Net.Http.Headers;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using SkyHedge.Control.Keys;
using SkyHedge.Control.State;
using SkyHedge.Router.Endpoints;
using SkyHedge.Router.Pipeline;
using SkyHedge.Router.Replicas;
using SkyHedge.Router.Requests;
using SkyHedge.Router.Security;
using SkyHedge.Router.Signals;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Transforms;

namespace SkyHedge.Router;

/// <summary>Builds the router: configuration, services and the request pipeline. <c>Program</c> runs it; tests
/// build it with their own settings and <c>--urls http://127.0.0.1:0</c>.</summary>
public static class RouterApp
{
    /// <exception cref="ArgumentException">A setting is missing or out of range; the message says which.</exception>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--replicas"] = $"{RouterSettings.Section}:ReplicasFile" });
        if (string.IsNullOrEmpty(builder.Configuration[RouterSettings.Urls]))
        {
            builder.WebHost.UseUrls(RouterSettings.DefaultUrl);
        }

        RouterOptions options;
        try
        {
            options = builder.Configuration.GetSection(RouterSettings.Section).Get<RouterOptions>() ?? new RouterOptions();
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the setting and the value; the inner one says what was wrong with it.
            throw new ArgumentException($"{ex.Message} {ex.InnerException?.Message}".Trim(), ex);
        }

        options.Validate();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = Math.Max(options.MaxBodyBytes + 1, 30_000_000));
        builder.Logging.AddFilter("Yarp", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        AddReplicaSource(services, builder.Configuration, options);
        var adminKey = builder.Configuration[RouterSettings.AdminKey];
        services.AddSingleton(sp => new ApiKeys(sp.GetRequiredService<IKeyStore>(), adminKey, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<KeyAuthenticator>();
        services.AddSingleton<KeyRateLimiter>();
        services.AddSingleton<TokenCounter>();
        services.AddSingleton<RequestParser>();
        services.AddSingleton<ConfigAppliedListener>();
        services.AddSingleton<IConfigChangeListener>(sp => sp.GetRequiredService<ConfigAppliedListener>());
        services.AddSingleton<ReplicaSet>();
        services.AddSingleton<ReplicaSync>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplicaSync>());
        services.AddSingleton<SuspectReplicas>();
        services.AddSingleton<PoolLoadBalancer>();
        services.AddSingleton<ILoadBalancingPolicy>(sp => sp.GetRequiredService<PoolLoadBalancer>());
        services.AddSingleton<AdmissionQueue>();
        services.AddSingleton<RequestCounter>();
        services.AddSingleton(sp => new RequestCountFlusher(
            sp.GetRequiredService<RequestCounter>(), sp.GetService<IStateStore>(), options, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RequestCountFlusher>>()));
        services.AddHostedService(sp => sp.GetRequiredService<RequestCountFlusher>());
        services.AddSingleton<RouterMetrics>();
        AddTelemetry(services, builder.Configuration);
        services.AddReverseProxy()
            .LoadFromMemory(ProxyConfigBuilder.Routes, ProxyConfigBuilder.Clusters(RouterSnapshot.Empty, options))
            .ConfigureHttpClient((_, handler) => handler.ConnectTimeout = options.ConnectTimeout)
            .AddTransforms(context =>
            {
                // The client's key stays here; the replica gets its own token (replicas accept only the router).
                context.AddRequestTransform(transform =>
                {
                    var token = transform.HttpContext.Features.Get<RequestPlan>()?.Replica?.Token;
                    transform.ProxyRequest.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
                    return default;
                });

                // A 502/503/504 from a replica is held back (not sent to the client) while another try is allowed.
                context.AddResponseTransform(transform =>
                {
                    var plan = transform.HttpContext.Features.Get<RequestPlan>();
                    if (plan is { CanRetry: true } && (int?)transform.ProxyResponse?.StatusCode is 502 or 503 or 504)
                    {
                        plan.RetryableStatus = true;
                        transform.SuppressResponseBody = true;
                    }

                    return default;
                });
            });
        overrides?.Invoke(services);

        var app = builder.Build();
        app.Services.GetRequiredService<TokenCounter>().Warm();
        RouterEndpoints.Map(app);
        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseMiddleware<AdmissionMiddleware>();
            pipeline.UseMiddleware<RetryMiddleware>();
        });
        return app;
    }

    private static void AddReplicaSource(IServiceCollection services, ConfigurationManager configuration, RouterOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ReplicasFile))
        {
            var path = Path.GetFullPath(options.ReplicasFile);
            if (!File.Exists(path))
            {
                throw new ArgumentException($"--replicas: file '{options.ReplicasFile}' does not exist.");
            }

            var file = new FileReplicaSource(path, options);
            try
            {
                // A typo in the file should stop the start with its message, not leave a router that routes nothing.
                file.LoadAllAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (InvalidDataException ex)
            {
                throw new ArgumentException($"--replicas: {ex.Message}", ex);
            }

            services.AddSingleton<IReplicaSource>(file);
            services.AddSingleton<IKeyStore, NoKeyStore>();
            return;
        }

        var tables = TableClient(configuration)
            ?? throw new ArgumentException(
                $"No replica source: set {RouterSettings.Storage} (a storage connection string), {RouterSettings.TableServiceUri} (with a managed identity), or --replicas FILE.");
        var tableOptions = new TableStateStoreOptions { TablePrefix = configuration[RouterSettings.TablePrefix] ?? new TableStateStoreOptions().TablePrefix };
        services.AddSingleton<IStateStore>(new TableStateStore(tables, tableOptions));
        services.AddSingleton<IKeyStore>(new TableKeyStore(tables, tableOptions));
        services.AddSingleton<IReplicaSource, TableReplicaSource>();
    }

    private static TableServiceClient? TableClient(ConfigurationManager configuration)
    {
        if (configuration[RouterSettings.Storage] is { Length: > 0 } connectionString)
        {
            return new TableServiceClient(connectionString);
        }

        if (configuration[RouterSettings.TableServiceUri] is { Length: > 0 } uri)
        {
            var clientId = configuration[RouterSettings.ClientId];
            var credential = string.IsNullOrEmpty(clientId)
                ? new DefaultAzureCredential()
                : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
            return new TableServiceClient(new Uri(uri), credential);
        }

        return null;
    }

    private static void AddTelemetry(IServiceCollection services, ConfigurationManager configuration)
    {
        // Without an exporter the SDK would aggregate every measurement for nobody, on every request; the
        // instruments still exist for in-process listeners (dotnet-counters, tests).
        if (string.IsNullOrEmpty(configuration[RouterSettings.OtlpEndpoint]))
        {
            return;
        }

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(RouterMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddOtlpExporter());
    }
}
