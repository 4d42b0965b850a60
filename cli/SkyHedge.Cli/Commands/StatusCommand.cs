using System.CommandLine;
using SkyHedge.Cli.Admin;
using SkyHedge.Cli.Output;

namespace SkyHedge.Cli.Commands;

/// <summary><c>skyhedge status [NAME]</c>: every service (<c>GET /api/services</c>) or one in detail
/// (<c>GET /api/services/{name}</c>: replicas, placer locations, cost).</summary>
internal static class StatusCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var name = new Argument<string?>("NAME") { Description = "One service to show in detail; omit for all.", Arity = ArgumentArity.ZeroOrOne };
        return AdminVerb.Create(
            "status",
            "Show services, their replicas and what they cost so far. --json passes the API's service view(s) through unchanged.",
            stdout,
            stderr,
            [name],
            async call =>
            {
                if (call.Parse.GetValue(name) is { } one)
                {
                    var reply = await call.Client.SendAsync(HttpMethod.Get, AdminClient.Path("services", one), cancellationToken: call.CancellationToken)
                        .ConfigureAwait(false);
                    AdminTables.Service(AdminViews.Read<ServiceInfo>(reply, "service view"), call.Out);
                    call.Json(reply.Body);
                }
                else
                {
                    var reply = await call.Client.SendAsync(HttpMethod.Get, "services", cancellationToken: call.CancellationToken).ConfigureAwait(false);
                    AdminTables.Services(AdminViews.Read<List<ServiceInfo>>(reply, "service list"), call.Out);
                    call.Json(reply.Body);
                }
            });
    }
}
