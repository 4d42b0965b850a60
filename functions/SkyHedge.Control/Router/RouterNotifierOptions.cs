using SkyHedge.Control.Admin;

namespace SkyHedge.Control.Router;

/// <summary>Where and how <see cref="HttpRouterNotifier"/> pushes replica changes.</summary>
public sealed class RouterNotifierOptions
{
    /// <summary>The app setting hosts read the router's base URL from (e.g. <c>http://10.0.0.4:8080</c>); unset or
    /// empty for no push.</summary>
    public const string RouterUrlSetting = "SKYHEDGE_ROUTER_URL";

    /// <summary>The router's endpoint, relative to <see cref="RouterUrl"/>.</summary>
    public const string ChangedPath = "internal/replicas/changed";

    /// <summary>The router's base URL (absolute http or https; a path prefix is kept).</summary>
    public required Uri RouterUrl { get; init; }

    /// <summary>An admin-scope API key the router accepts (the control plane uses its bootstrap key,
    /// <see cref="AdminApiOptions.BootstrapKeySetting"/>). Sent as a bearer token, never logged.</summary>
    public required string Key { get; init; }

    /// <summary>How long one push may take before it is abandoned. Short: the activity that pushes waits for it, and
    /// the router's own poll (every 2 s) makes a longer wait pointless.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The full endpoint URL.</summary>
    public Uri Endpoint => new(RouterUrl.AbsoluteUri.TrimEnd('/') + "/" + ChangedPath);

    /// <summary>Options from the hosts' app settings, or null when <paramref name="routerUrl"/> is unset or blank.</summary>
    /// <exception cref="ArgumentException">The URL is not an absolute http(s) URL, or there is no key; the message
    /// names the setting.</exception>
    public static RouterNotifierOptions? FromSettings(string? routerUrl, string? adminKey)
    {
        if (string.IsNullOrWhiteSpace(routerUrl))
        {
            return null;
        }

        if (!Uri.TryCreate(routerUrl.Trim(), UriKind.Absolute, out var url))
        {
            throw new ArgumentException($"{RouterUrlSetting}: expected an absolute URL such as http://10.0.0.4:8080, got '{routerUrl}'.", nameof(routerUrl));
        }

        var options = new RouterNotifierOptions { RouterUrl = url, Key = adminKey ?? string.Empty };
        options.Validate();
        return options;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (RouterUrl is null || !RouterUrl.IsAbsoluteUri || (RouterUrl.Scheme != Uri.UriSchemeHttp && RouterUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"{RouterUrlSetting}: expected an absolute http or https URL, got '{RouterUrl}'.", nameof(RouterUrl));
        }

        if (string.IsNullOrWhiteSpace(Key))
        {
            throw new ArgumentException(
                $"{RouterUrlSetting} is set but there is no admin key to authenticate to the router with; set {AdminApiOptions.BootstrapKeySetting}.", nameof(Key));
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The router push timeout must be positive, got {Timeout}.", nameof(Timeout));
        }
    }
}
