namespace SkyHedge.Control.Admin;

/// <summary>A matched path: the route and its decoded parameters (<c>{name}</c>, and <c>{id}</c> of a replica or
/// key).</summary>
internal sealed record RouteMatch(AdminRoute Route, string? Name = null, string? Id = null);
