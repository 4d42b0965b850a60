using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SkyHedge.Control.Router;
using SkyHedge.LocalHost.Hosting;

namespace SkyHedge.LocalHost;

/// <summary>
/// Runs orchestrators and activities locally with the public Durable Task sidecar (<see cref="TaskHubGrpcServer"/>)
/// in front of an orchestration service: Azure Storage (Azurite) for durability, or memory for speed. The sidecar
/// listens on 127.0.0.1 on a free port; a worker and a client connect to it over gRPC, as the Functions host's
/// would.
/// </summary>
public sealed class LocalDurableHost : IAsyncDisposable
{
    private readonly WebApplication _sidecar;
    private readonly IHost _worker;
    private readonly GrpcChannel _channel;

    private LocalDurableHost(WebApplication sidecar, IHost worker, GrpcChannel channel, Uri address)
    {
        _sidecar = sidecar;
        _worker = worker;
        _channel = channel;
        Address = address;
    }

    /// <summary>The client for starting, querying and signalling orchestrations.</summary>
    public DurableTaskClient Client => _worker.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>The worker's services (what activities resolve from).</summary>
    public IServiceProvider Services => _worker.Services;

    /// <summary>Where the sidecar listens.</summary>
    public Uri Address { get; }

    /// <summary>Starts the sidecar and a worker that runs <paramref name="tasks"/>.</summary>
    /// <param name="services">Registers what the activities need (state store, cloud providers, clocks).</param>
    /// <exception cref="ArgumentException"><see cref="LocalDurableHostOptions.RouterUrl"/> is set but is not an
    /// absolute http(s) URL, or <see cref="LocalDurableHostOptions.RouterKey"/> is missing.</exception>
    public static async Task<LocalDurableHost> StartAsync(
        LocalDurableHostOptions options,
        Action<DurableTaskRegistry> tasks,
        Action<IServiceCollection>? services = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Checked before anything starts, so a bad setting leaves nothing running.
        var router = options.RouterUrl is { } routerUrl ? new RouterNotifierOptions { RouterUrl = routerUrl, Key = options.RouterKey ?? string.Empty } : null;
        router?.Validate();
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var orchestrationService = await CreateServiceAsync(options, loggerFactory);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        EmbeddedLifetime.Use(builder.Services);
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, options.Port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(orchestrationService);
        builder.Services.AddSingleton((IOrchestrationServiceClient)orchestrationService);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        await sidecar.StartAsync(cancellationToken);

        var bound = sidecar.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var address = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        var channel = GrpcChannel.ForAddress(address);

        var workerBuilder = Host.CreateApplicationBuilder();
        workerBuilder.Logging.ClearProviders();
        EmbeddedLifetime.Use(workerBuilder.Services);
        workerBuilder.Services.AddSingleton(loggerFactory);
        services?.Invoke(workerBuilder.Services);
        if (router is not null)
        {
            // Replaces the control plane's no-op notifier whichever order the caller registered things in.
            workerBuilder.Services.AddRouterNotifier(router);
        }

        workerBuilder.Services.AddDurableTaskWorker(b =>
        {
            b.UseGrpc(channel);
            b.AddTasks(tasks);
        });
        workerBuilder.Services.AddDurableTaskClient(b =>
        {
            b.UseGrpc(channel);
            b.RegisterDirectly();
        });
        var worker = workerBuilder.Build();
        await worker.StartAsync(cancellationToken);
        return new LocalDurableHost(sidecar, worker, channel, address);
    }

    private static async Task<IOrchestrationService> CreateServiceAsync(LocalDurableHostOptions options, ILoggerFactory loggerFactory)
    {
        if (options.Backend == DurableBackend.InMemory)
        {
            return new InMemoryOrchestrationService(loggerFactory);
        }

        var connection = options.StorageConnectionString
            ?? throw new ArgumentException("the AzureStorage backend needs a storage connection string", nameof(options));
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(connection),
            TaskHubName = options.TaskHubName,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            PartitionCount = options.PartitionCount,
            LeaseInterval = options.LeaseInterval,
            LeaseRenewInterval = options.LeaseInterval / 3,
            LeaseAcquireInterval = options.LeaseInterval / 5,
            UseTablePartitionManagement = true,
            LoggerFactory = loggerFactory,
        };
        var service = new AzureStorageOrchestrationService(settings);

        // TaskHubGrpcServer does not create the task hub.
        await service.CreateIfNotExistsAsync();
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.StopAsync();
        _worker.Dispose();
        await _channel.ShutdownAsync();
        _channel.Dispose();
        await _sidecar.StopAsync();
        await _sidecar.DisposeAsync();
    }
}
