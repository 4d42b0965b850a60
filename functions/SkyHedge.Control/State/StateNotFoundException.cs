namespace SkyHedge.Control.State;

/// <summary>An update named a row that does not exist.</summary>
public sealed class StateNotFoundException(string what)
    : StateStoreException($"{what} does not exist.")
{
    /// <summary>The row, e.g. <c>replica llama/r-1</c>.</summary>
    public string What { get; } = what;
}
