namespace SkyHedge.Router.Tests.Reliability;

/// <summary>How a <see cref="RawTcpReplica"/> misbehaves once it has read a request.</summary>
public enum BadReplicaMode
{
    /// <summary>Never answers; keeps the connection open until the router gives up.</summary>
    Hang,

    /// <summary>Answers bytes that are not an HTTP response, then closes.</summary>
    NotHttp,

    /// <summary>A 200 whose body stops short of its Content-Length, then a clean close.</summary>
    TruncatedBody,

    /// <summary>A 200 with part of its body, then silence with the connection open.</summary>
    StallMidBody,

    /// <summary>Resets the connection (TCP RST) without answering.</summary>
    Reset,
}
