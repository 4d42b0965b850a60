using System.CommandLine;
using SkyHedge.Cli.Admin;

namespace SkyHedge.Cli.Commands;

/// <summary><c>skyhedge down NAME</c>: deletes a service (<c>DELETE /api/services/{name}</c>). The API answers at
/// once (202); the controller then drains and terminates every replica and removes the service.</summary>
internal static class DownCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var name = new Argument<string>("NAME") { Description = "The service to take down." };
        return AdminVerb.Create(
            "down",
            "Delete a service: its replicas are drained and terminated, then the service is removed (replica rows stay for cost reports).",
            stdout,
            stderr,
            [name],
            async call =>
            {
                var service = call.Parse.GetValue(name)!;
                var reply = await call.Client.SendAsync(HttpMethod.Delete, AdminClient.Path("services", service), cancellationToken: call.CancellationToken)
                    .ConfigureAwait(false);
                var down = AdminViews.Read<ServiceInfo>(reply, "service view");
                var live = down.Replicas.Where(r => r.IsLive).Select(r => r.Id).ToList();
                call.Out.WriteLine($"{down.Name} is shutting down (status {down.Status}).");
                call.Out.WriteLine(live.Count == 0
                    ? "It has no live replicas; the controller removes the service shortly."
                    : $"The controller drains and terminates its {live.Count} live replica(s) ({string.Join(", ", live)}), then removes the service.");
                call.Out.WriteLine($"Follow it with: {call.Follow($"status {down.Name}")} (not found once it is gone)");
                call.Json(reply.Body);
            });
    }
}
