using SkyHedge.Router;

if (args.Any(a => a is "--help" or "-h" or "-?"))
{
    Console.WriteLine("""
        skyhedge-router: the SkyHedge data plane, an OpenAI-compatible router in front of a service's replicas.

        Usage: skyhedge-router [--urls URL] [--replicas FILE] [--SkyHedge:Router:SETTING VALUE ...]

          --urls URL         where to listen (default http://127.0.0.1:8080)
          --replicas FILE    route to the services and replicas in FILE (JSON) instead of the control plane's tables
          --help             this text

        Settings (environment variables use __ for ':'):
          SkyHedge:Storage            storage connection string of the control plane's tables
          SkyHedge:TableServiceUri    or the Table endpoint, with a managed identity (SkyHedge:ClientId)
          SkyHedge:TablePrefix        table name prefix (must match the control plane's)
          SKYHEDGE_ADMIN_KEY          the bootstrap admin key
          SkyHedge:Router:*           PollInterval, MaxBodyBytes, RateLimitPerSecond, RateLimitBurst, QueueLimit,
                                      QueueTimeout, MaxAttempts, UpstreamTimeout, KeyCacheTtl, DefaultMaxTokens, ...
        See README.md, "Router".
        """);
    return 0;
}

try
{
    var app = RouterApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"skyhedge-router: {ex.Message}");
    return 2;
}
