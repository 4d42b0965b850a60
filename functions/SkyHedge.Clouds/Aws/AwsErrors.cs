using Amazon.EC2;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using CloudIds = SkyHedge.Core.Model.Clouds;

namespace SkyHedge.Clouds.AwsEc2;

/// <summary>EC2's error codes (the Query API's <c>Errors/Error/Code</c>) mapped onto the seam's typed errors.</summary>
internal static class AwsErrors
{
    private static readonly HashSet<string> Capacity = new(StringComparer.Ordinal)
    {
        "InsufficientInstanceCapacity", "InsufficientHostCapacity", "InsufficientCapacity", "SpotMaxPriceTooLow", "InsufficientReservedInstanceCapacity",
    };

    private static readonly HashSet<string> Quota = new(StringComparer.Ordinal)
    {
        "MaxSpotInstanceCountExceeded", "VcpuLimitExceeded", "InstanceLimitExceeded", "InsufficientAddressCapacity",
    };

    private static readonly HashSet<string> Throttle = new(StringComparer.Ordinal) { "RequestLimitExceeded", "Throttling", "ThrottlingException" };

    private static readonly HashSet<string> Auth = new(StringComparer.Ordinal)
    {
        "UnauthorizedOperation", "AuthFailure", "InvalidClientTokenId", "SignatureDoesNotMatch", "OptInRequired", "Blocked",
    };

    /// <summary>Whether the instance id is unknown (terminated and forgotten, or never existed).</summary>
    public static bool IsNotFound(AmazonEC2Exception e) => e.ErrorCode is "InvalidInstanceID.NotFound" or "InvalidInstanceID.Malformed";

    /// <summary>The typed error for <paramref name="e"/>; <paramref name="location"/> and <paramref name="market"/>
    /// name the launch a capacity error refused.</summary>
    public static CloudException Map(AmazonEC2Exception e, Location? location = null, Market market = Market.Spot)
    {
        var code = e.ErrorCode ?? $"HTTP{(int)e.StatusCode}";
        if (Capacity.Contains(code) && location is not null)
        {
            return new InsufficientCapacityException(CloudIds.Aws, location, market, code, e);
        }

        if (Quota.Contains(code))
        {
            return new QuotaExceededException(CloudIds.Aws, e.Message, code, e);
        }

        if (Throttle.Contains(code) || (int)e.StatusCode == 429)
        {
            return new ThrottledException(CloudIds.Aws, null, code, e);
        }

        if (Auth.Contains(code) || (int)e.StatusCode is 401 or 403)
        {
            return new UnauthorizedException(CloudIds.Aws, $"{e.Message} (check the credentials and the IAM policy in the README)", code, e);
        }

        return new InvalidSpecException(CloudIds.Aws, e.Message, code, e);
    }
}
