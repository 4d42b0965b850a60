namespace SkyHedge.Control.Admin;

/// <summary>Thrown from inside an optimistic service update to refuse it (a stale <c>If-Match</c>, a service being
/// deleted); it escapes the store's retry loop untouched and becomes a 409.</summary>
internal sealed class ServiceChangeRejectedException(string detail) : Exception(detail);
