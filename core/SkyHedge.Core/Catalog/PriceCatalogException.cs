namespace SkyHedge.Core.Catalog;

/// <summary>A price table could not be read. The message starts with <c>source:line:</c>.</summary>
public sealed class PriceCatalogException : FormatException
{
    public PriceCatalogException()
    {
        SourceName = string.Empty;
    }

    public PriceCatalogException(string message)
        : base(message)
    {
        SourceName = string.Empty;
    }

    public PriceCatalogException(string message, Exception innerException)
        : base(message, innerException)
    {
        SourceName = string.Empty;
    }

    public PriceCatalogException(string source, int line, string message)
        : base($"{source}:{line}: {message}")
    {
        SourceName = source;
        Line = line;
    }

    /// <summary>The file (or resource) name given to the loader.</summary>
    public string SourceName { get; }

    /// <summary>1-based line number of the offending line (the header is line 1).</summary>
    public int Line { get; }
}
