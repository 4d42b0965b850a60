namespace SkyHedge.Control.State;

/// <summary>An insert found a row with the same key; the existing row was left untouched.</summary>
public sealed class StateAlreadyExistsException(string what, Exception? inner = null)
    : StateStoreException($"{what} already exists; it was not overwritten.", inner)
{
    /// <summary>The row, e.g. <c>replica llama/r-1</c>.</summary>
    public string What { get; } = what;
}
