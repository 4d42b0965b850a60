namespace SkyHedge.Core.Spec;

/// <summary>A service spec was rejected. <see cref="Errors"/> holds every problem found, in file order.</summary>
public sealed class SpecException : Exception
{
    public SpecException()
        : this([])
    {
    }

    public SpecException(string message)
        : base(message)
    {
        Errors = [];
    }

    public SpecException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public SpecException(IReadOnlyList<SpecError> errors)
        : base(errors is { Count: > 0 } ? string.Join(Environment.NewLine, errors) : "Invalid service spec.")
    {
        Errors = errors;
    }

    /// <summary>Every error, ordered by line then column.</summary>
    public IReadOnlyList<SpecError> Errors { get; }
}
