namespace SkyHedge.Planning;

/// <summary>Reading the planner's CSV inputs: one place for "cannot read" and "wrong header" errors.</summary>
internal static class InputFile
{
    /// <summary>All lines of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">It cannot be read; the message says what it should have held.</exception>
    public static string[] ReadLines(string path, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the {what} ({e.Message})", e);
        }
    }
}
