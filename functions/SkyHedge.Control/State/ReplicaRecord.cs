using System.Security.Cryptography;
using System.Text;
using SkyHedge.Core.Model;

namespace SkyHedge.Control.State;

/// <summary>
/// A replica row: the domain <see cref="SkyHedge.Core.Model.Replica"/> (every field cost reports need) plus what only the control
/// plane and the router use.
/// </summary>
/// <param name="Replica">The domain replica; its <see cref="Replica.Service"/> and <see cref="Replica.Id"/> are the
/// row's keys and never change.</param>
/// <param name="SpecVersion">The <see cref="ServiceRecord.Version"/> of the spec this replica runs (a rolling
/// update replaces replicas whose version is older).</param>
/// <param name="InstanceId">The cloud's instance id once the launch call answered.</param>
/// <param name="Address">The base URL the router sends requests to, e.g. <c>http://10.0.0.5:8080</c>.</param>
/// <param name="ReplicaToken">The per-replica secret: the router presents it to the replica, and the replica's
/// interruption watcher presents it to the admin API. Stored as is (the router needs the value, so a hash would
/// not do); the table is readable only by the control plane's identity. Compare with <see cref="MatchesToken"/>,
/// and never log it: <see cref="ToString"/> redacts it.</param>
/// <param name="IdempotencyToken">The client token / request id the launch call used (derived from the replica
/// id), so a replayed launch finds the same instance.</param>
public sealed record ReplicaRecord(
    Replica Replica,
    int SpecVersion,
    string? InstanceId = null,
    string? Address = null,
    string? ReplicaToken = null,
    string? IdempotencyToken = null)
{
    public string Service => Replica.Service;

    public string Id => Replica.Id;

    /// <summary>True when <paramref name="presented"/> is this replica's token (constant-time, so response times
    /// do not leak how much of a guess was right). False when the replica has no token.</summary>
    public bool MatchesToken(string? presented) =>
        ReplicaToken is not null && presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(ReplicaToken), Encoding.UTF8.GetBytes(presented));

    private bool PrintMembers(StringBuilder builder)
    {
        // The compiler-generated ToString would print the token into any log line that formats a record.
        builder.Append("Replica = ").Append(Replica)
            .Append(", SpecVersion = ").Append(SpecVersion)
            .Append(", InstanceId = ").Append(InstanceId)
            .Append(", Address = ").Append(Address)
            .Append(", ReplicaToken = ").Append(ReplicaToken is null ? string.Empty : "***")
            .Append(", IdempotencyToken = ").Append(IdempotencyToken);
        return true;
    }
}
