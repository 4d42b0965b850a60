using System.Text.RegularExpressions;

namespace SkyHedge.Control.State;

/// <summary>Settings of <see cref="TableStateStore"/>.</summary>
public sealed partial class TableStateStoreOptions
{
    /// <summary>Prepended to every table name (<c>{prefix}Services</c>, <c>{prefix}Replicas</c>, ...): several
    /// deployments or tests can share one storage account. A letter, then letters and digits, at most 50.</summary>
    public string TablePrefix { get; init; } = "SkyHedge";

    /// <summary>Attempts of one optimistic update before <see cref="StateConflictException"/>.</summary>
    public int MaxAttempts { get; init; } = 12;

    /// <summary>Backoff before the second attempt; doubles per attempt up to <see cref="RetryMaxDelay"/>, with
    /// full jitter so two losers do not collide again in lockstep.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Preemption timestamps kept per location (newest win).</summary>
    public int PreemptionHistoryLimit { get; init; } = 50;

    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    internal void Validate()
    {
        if (!PrefixShape().IsMatch(TablePrefix))
        {
            throw new ArgumentException(
                $"Table prefix '{TablePrefix}' is invalid: use a letter followed by at most 49 letters or digits (Azure table names are alphanumeric).",
                nameof(TablePrefix));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfNegative(RetryBaseDelay.Ticks, nameof(RetryBaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryMaxDelay, RetryBaseDelay, nameof(RetryMaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(PreemptionHistoryLimit, 1, nameof(PreemptionHistoryLimit));
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,49}$")]
    private static partial Regex PrefixShape();
}
