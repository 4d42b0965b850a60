namespace SkyHedge.Cli.Admin;

/// <summary>The process exit codes of the admin verbs (<c>up</c>, <c>status</c>, <c>update</c>, <c>down</c>,
/// <c>replicas</c>, <c>logs</c>), so scripts can tell "the API said no" from "I typed it wrong" from "the stack is
/// down" without reading the message.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The admin API answered with an error (400, 401, 403, 404, 409, 5xx …) or with something that is not
    /// its JSON.</summary>
    public const int ApiError = 1;

    /// <summary>Bad usage or input: an unknown option, a missing or invalid spec file, a bad endpoint URL, no API
    /// key, an unwritable <c>--json</c> file. Nothing was sent, except for the <c>--json</c> file case.</summary>
    public const int Usage = 2;

    /// <summary>The admin API could not be reached: connection refused, DNS, TLS, timeout, connection dropped.</summary>
    public const int Unreachable = 3;

    /// <summary>Interrupted (Ctrl+C), as shells report a SIGINT.</summary>
    public const int Interrupted = 130;
}
