using System.CommandLine;
using SkyHedge.Cli.Admin;

namespace SkyHedge.Cli.Commands;

/// <summary><c>skyhedge up SPEC.yaml</c>: creates the service the spec names (<c>POST /api/services</c>); its
/// controller then launches replicas in the background.</summary>
internal static class UpCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var spec = new Argument<string>("SPEC") { Description = "The service spec (YAML); the service is called by its 'name'." };
        return AdminVerb.Create(
            "up",
            "Create a service from a spec file on a local or deployed stack; its replicas launch in the background.",
            stdout,
            stderr,
            [spec],
            async call =>
            {
                var path = call.Parse.GetValue(spec)!;
                var (yaml, name) = SpecFile.Read(path);
                var reply = await call.Client.SendAsync(HttpMethod.Post, "services", yaml, cancellationToken: call.CancellationToken).ConfigureAwait(false);
                var service = AdminViews.Read<ServiceInfo>(reply, "created service");
                call.Out.WriteLine($"Created service {service.Name} (version {service.Version}, {service.Status}) at {call.Client.Where}/services/{Uri.EscapeDataString(name)}.");
                call.Out.WriteLine("Its controller is launching replicas now; follow it with:");
                call.Out.WriteLine($"  {call.Follow($"status {service.Name}")}");
                call.Out.WriteLine($"  {call.Follow($"logs {service.Name}")}");
                call.Json(reply.Body);
            });
    }
}
