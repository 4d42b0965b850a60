namespace SkyHedge.Control.Admin;

/// <summary>The admin API's paths (under <c>/api</c>).</summary>
internal enum AdminRoute
{
    /// <summary><c>/services</c>: GET, POST.</summary>
    Services,

    /// <summary><c>/services/{name}</c>: GET, PUT, DELETE.</summary>
    Service,

    /// <summary><c>/services/{name}/replicas</c>: GET.</summary>
    Replicas,

    /// <summary><c>/services/{name}/replicas/{id}</c>: GET, DELETE.</summary>
    Replica,

    /// <summary><c>/services/{name}/events</c>: GET.</summary>
    Events,

    /// <summary><c>/services/{name}/routing</c>: GET, PUT, DELETE.</summary>
    Routing,

    /// <summary><c>/keys</c>: POST.</summary>
    Keys,

    /// <summary><c>/keys/{id}</c>: DELETE.</summary>
    Key,

    /// <summary><c>/notices</c>: POST (authenticated by a replica token, not an API key).</summary>
    Notices,
}
