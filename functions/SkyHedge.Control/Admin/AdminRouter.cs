namespace SkyHedge.Control.Admin;

/// <summary>Maps a path to a route. Literal segments compare case-insensitively (as Functions routes do); a
/// trailing slash is ignored; parameters are percent-decoded.</summary>
internal static class AdminRouter
{
    private const StringComparison Literal = StringComparison.OrdinalIgnoreCase;

    /// <summary>The route of <paramref name="path"/>, or null when it is none of the API's paths.</summary>
    public static RouteMatch? Match(string path)
    {
        var s = path.Trim('/').Split('/');
        if (s.Length < 2 || !s[0].Equals("api", Literal))
        {
            return null;
        }

        string[] p;
        try
        {
            p = [.. s.Skip(1).Select(Uri.UnescapeDataString)];
        }
        catch (UriFormatException)
        {
            return null;
        }

        if (p.Any(x => x.Length == 0))
        {
            return null;
        }

        return (p.Length, p[0].ToLowerInvariant()) switch
        {
            (1, "services") => new RouteMatch(AdminRoute.Services),
            (2, "services") => new RouteMatch(AdminRoute.Service, p[1]),
            (3, "services") when p[2].Equals("replicas", Literal) => new RouteMatch(AdminRoute.Replicas, p[1]),
            (3, "services") when p[2].Equals("events", Literal) => new RouteMatch(AdminRoute.Events, p[1]),
            (3, "services") when p[2].Equals("routing", Literal) => new RouteMatch(AdminRoute.Routing, p[1]),
            (4, "services") when p[2].Equals("replicas", Literal) => new RouteMatch(AdminRoute.Replica, p[1], p[3]),
            (1, "keys") => new RouteMatch(AdminRoute.Keys),
            (2, "keys") => new RouteMatch(AdminRoute.Key, Id: p[1]),
            (1, "notices") => new RouteMatch(AdminRoute.Notices),
            _ => null,
        };
    }

    /// <summary>The methods a route answers, for 405's <c>Allow</c>.</summary>
    public static IReadOnlyList<string> Methods(AdminRoute route) => route switch
    {
        AdminRoute.Services => ["GET", "POST"],
        AdminRoute.Service or AdminRoute.Routing => ["GET", "PUT", "DELETE"],
        AdminRoute.Replicas or AdminRoute.Events => ["GET"],
        AdminRoute.Replica => ["GET", "DELETE"],
        AdminRoute.Keys or AdminRoute.Notices => ["POST"],
        AdminRoute.Key => ["DELETE"],
        _ => [],
    };
}
