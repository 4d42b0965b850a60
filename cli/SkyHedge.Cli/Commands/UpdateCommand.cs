using System.CommandLine;
using SkyHedge.Cli.Admin;

namespace SkyHedge.Cli.Commands;

/// <summary><c>skyhedge update NAME SPEC.yaml</c>: stores a new spec version (<c>PUT /api/services/{name}</c>); the
/// controller rolls replicas to it.</summary>
/// <remarks>Reads the service first and sends its ETag as <c>If-Match</c>, so the "old → new" printed is exactly the
/// change made: a concurrent change in between is a 409 rather than a silently overwritten spec.</remarks>
internal static class UpdateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var name = new Argument<string>("NAME") { Description = "The service to update." };
        var spec = new Argument<string>("SPEC") { Description = "The new spec (YAML); its 'name' must be NAME." };
        return AdminVerb.Create(
            "update",
            "Roll a service to a new spec: replicas are replaced by ones of the new version.",
            stdout,
            stderr,
            [name, spec],
            async call =>
            {
                var service = call.Parse.GetValue(name)!;
                var path = call.Parse.GetValue(spec)!;
                var (yaml, declared) = SpecFile.Read(path);
                if (declared != service)
                {
                    throw new CliFailure(ExitCodes.Usage, $"{path} names service '{declared}', not '{service}'; a service cannot be renamed");
                }

                var url = AdminClient.Path("services", service);
                var before = await call.Client.SendAsync(HttpMethod.Get, url, cancellationToken: call.CancellationToken).ConfigureAwait(false);
                var old = AdminViews.Read<ServiceInfo>(before, "service view");
                var after = await call.Client.SendAsync(HttpMethod.Put, url, yaml, before.ETag, call.CancellationToken).ConfigureAwait(false);
                var updated = AdminViews.Read<ServiceInfo>(after, "updated service");
                if (updated.Version == old.Version)
                {
                    call.Out.WriteLine($"{service}: the spec is unchanged; still version {updated.Version} ({updated.Status}).");
                }
                else
                {
                    var behind = updated.Replicas.Count(r => r.IsLive && r.Version != updated.Version);
                    call.Out.WriteLine($"{service}: version {old.Version} → {updated.Version} ({updated.Status}).");
                    call.Out.WriteLine($"The controller rolls {behind} live replica(s) of older versions to version {updated.Version}; follow it with:");
                    call.Out.WriteLine($"  {call.Follow($"replicas {service}")}");
                }

                call.Json(after.Body);
            });
    }
}
