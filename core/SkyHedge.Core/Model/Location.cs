namespace SkyHedge.Core.Model;

/// <summary>A place a replica can run: one zone of one region of one cloud.</summary>
/// <remarks>Clouds are lower-case ids (<c>aws</c>, <c>azure</c>, <c>gcp</c>, <c>local</c>). Azure has no zone
/// column in its catalog, so its zone may be empty.</remarks>
public sealed record Location(string Cloud, string Region, string Zone)
{
    public override string ToString() => Zone.Length == 0 ? $"{Cloud}/{Region}" : $"{Cloud}/{Region}/{Zone}";
}
