namespace SkyHedge.Emulator.Generation;

/// <summary>A request the emulator refuses, with the HTTP status and the fields of OpenAI's error object.</summary>
internal sealed class InvalidRequestException : Exception
{
    public InvalidRequestException(int status, string message, string? param = null, string? code = null)
        : base(message)
    {
        Status = status;
        Param = param;
        Code = code;
    }

    public InvalidRequestException()
    {
    }

    public InvalidRequestException(string message)
        : base(message)
    {
    }

    public InvalidRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Status { get; } = 400;

    public string? Param { get; }

    public string? Code { get; }
}
