using System.CommandLine;
using SkyHedge.Cli.Admin;
using SkyHedge.Cli.Output;

namespace SkyHedge.Cli.Commands;

/// <summary><c>skyhedge replicas NAME</c>: every replica row of a service, ended ones included
/// (<c>GET /api/services/{name}/replicas</c>).</summary>
internal static class ReplicasCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var name = new Argument<string>("NAME") { Description = "The service." };
        return AdminVerb.Create(
            "replicas",
            "List a service's replicas (ended ones too): zone, spot or on-demand, status, GPU, price, launch and ready times.",
            stdout,
            stderr,
            [name],
            async call =>
            {
                var service = call.Parse.GetValue(name)!;
                var reply = await call.Client.SendAsync(
                    HttpMethod.Get, AdminClient.Path("services", service, "replicas"), cancellationToken: call.CancellationToken).ConfigureAwait(false);
                AdminTables.Replicas(AdminViews.Read<List<ReplicaInfo>>(reply, "replica list"), call.Out);
                call.Json(reply.Body);
            });
    }
}
