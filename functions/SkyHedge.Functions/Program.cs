using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using SkyHedge.Functions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddSkyHedgeFunctions(builder.Configuration);
await builder.Build().RunAsync().ConfigureAwait(false);
