using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkyHedge.Clouds.AwsEc2;
using SkyHedge.Clouds.AzureCompute;
using SkyHedge.Clouds.GcpCompute;
using SkyHedge.Control;
using SkyHedge.Control.Admin;
using SkyHedge.Control.Keys;
using SkyHedge.Control.Router;
using SkyHedge.Control.State;
using SkyHedge.Core.Ports;

namespace SkyHedge.Functions.Hosting;

/// <summary>The app's registrations, apart from Program.cs so tests build the same container.</summary>
internal static class FunctionsServices
{
    public static IServiceCollection AddSkyHedgeFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        // Lazily: a missing setting fails the first function that needs state, with a message naming the settings,
        // instead of the host failing to start with no function able to report it.
        services.AddSingleton(_ => StateStoreFactory.Tables(configuration));
        services.AddSingleton<IStateStore>(sp =>
        {
            var tables = sp.GetRequiredService<StateTables>();
            return new TableStateStore(tables.Client, tables.Options);
        });
        services.AddSingleton<IKeyStore>(sp =>
        {
            var tables = sp.GetRequiredService<StateTables>();
            return new TableKeyStore(tables.Client, tables.Options);
        });

        // The admin API itself is built per request (see AdminFunctions): its gateway needs the request's bound
        // orchestration client, which the isolated worker does not register in the container.
        // An empty setting (a deployment that left it blank) means no bootstrap key, not an invalid one.
        services.AddSingleton(_ => new AdminApiOptions
        {
            BootstrapAdminKey = FunctionSettings.Read(configuration, AdminApiOptions.BootstrapKeySetting),
        });

        // AddControlPlaneServices also maps IOrchestrationGateway to a DurableGateway that needs a DurableTaskClient
        // from the container: nothing here resolves it (timers and admin build theirs per invocation).
        // Each cloud whose setting is present (SKYHEDGE_AWS, SKYHEDGE_AZURE, SKYHEDGE_GCP). A malformed setting fails
        // the first function that needs the clouds, with the setting's field in the message.
        if (FunctionSettings.Read(configuration, AwsSettings.Setting) is { } aws)
        {
            services.AddSingleton<ICloudProvider>(sp =>
            {
                var log = sp.GetService<ILoggerFactory>()?.CreateLogger("SkyHedge.Clouds.Aws");
                return new AwsCloudProvider(AwsSettings.Parse(aws, warning => CloudLog.PriceRefreshFailed(log, warning)));
            });
            // The EventBridge channel when the setting names a queue (a malformed setting is reported by the adapter).
            if (NoticeQueue(aws) is { } queue)
            {
                services.AddSingleton(_ => new AwsNoticeChannel(queue));
            }
        }

        if (FunctionSettings.Read(configuration, AzureSettings.Setting) is { } azure)
        {
            services.AddSingleton<ICloudProvider>(_ => new AzureCloudProvider(AzureSettings.Parse(azure)));
        }

        if (FunctionSettings.Read(configuration, GcpSettings.Setting) is { } gcp)
        {
            services.AddSingleton<ICloudProvider>(_ => new GcpCloudProvider(GcpSettings.Parse(gcp, FunctionSettings.Read(configuration, FunctionSettings.GcpCredentials))));
        }

        services.AddControlPlaneServices();

        // Replica transitions are pushed to the router when it has a URL, authenticated with the bootstrap admin
        // key; without one the router learns them from its poll. Bad values are logged on first use, not fatal.
        services.AddRouterNotifier(FunctionSettings.Read(configuration, RouterNotifierOptions.RouterUrlSetting), FunctionSettings.Read(configuration, AdminApiOptions.BootstrapKeySetting));
        return services;
    }

    private static Uri? NoticeQueue(string awsSetting)
    {
        try
        {
            return AwsSettings.Parse(awsSetting).NoticeQueueUrl;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
