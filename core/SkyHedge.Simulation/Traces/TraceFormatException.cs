namespace SkyHedge.Simulation.Traces;

/// <summary>A trace file that cannot be read, with the file and (where known) line in the message.</summary>
public sealed class TraceFormatException : Exception
{
    public TraceFormatException(string message)
        : base(message)
    {
    }

    public TraceFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public TraceFormatException()
    {
    }
}
