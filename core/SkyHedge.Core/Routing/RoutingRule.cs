namespace SkyHedge.Core.Routing;

/// <summary>One entry of a <see cref="RoutingTable"/>: requests whose estimated size falls in both ranges go to
/// <see cref="Pool"/>, the replicas of that canonical GPU id.</summary>
public sealed record RoutingRule(TokenRange Input, TokenRange Output, string Pool)
{
    public bool Matches(int inputTokens, int outputTokens) => Input.Contains(inputTokens) && Output.Contains(outputTokens);
}
