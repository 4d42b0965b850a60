using Microsoft.Extensions.Logging;

namespace SkyHedge.Functions.Hosting;

/// <summary>The cloud adapters' log messages.</summary>
internal static partial class CloudLog
{
    [LoggerMessage(1, LogLevel.Warning, "{Warning}")]
    private static partial void Warn(ILogger logger, string warning);

    /// <summary>A live price refresh failed; the adapter keeps its last prices (null logger: nothing to log to).</summary>
    public static void PriceRefreshFailed(ILogger? logger, string warning)
    {
        if (logger is not null)
        {
            Warn(logger, warning);
        }
    }
}
