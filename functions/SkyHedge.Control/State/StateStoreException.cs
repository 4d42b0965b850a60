namespace SkyHedge.Control.State;

/// <summary>Base of the typed errors that cross the <see cref="IStateStore"/> seam. Storage failures that are not
/// about the data (network, throttling after the SDK's own retries, auth) surface as
/// <see cref="Azure.RequestFailedException"/>.</summary>
public abstract class StateStoreException : Exception
{
    protected StateStoreException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
