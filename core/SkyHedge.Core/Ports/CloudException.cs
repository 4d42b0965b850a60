namespace SkyHedge.Core.Ports;

/// <summary>Base of the typed errors that cross the <see cref="ICloudProvider"/> seam.</summary>
public abstract class CloudException : Exception
{
    protected CloudException(string cloud, string? cloudCode, string message, Exception? inner = null)
        : base(message, inner)
    {
        Cloud = cloud;
        CloudCode = cloudCode;
    }

    /// <summary>The cloud id.</summary>
    public string Cloud { get; }

    /// <summary>The cloud's own error code (e.g. <c>InsufficientInstanceCapacity</c>), for logs and audits.</summary>
    public string? CloudCode { get; }
}
