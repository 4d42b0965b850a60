using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Resources;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using CloudIds = SkyHedge.Core.Model.Clouds;

namespace SkyHedge.Clouds.AzureCompute;

/// <summary>
/// The network security group a service's replica NICs join in one region when <see cref="AzureOptions.RouterCidrs"/>
/// is set: <c>skyhedge-SERVICE-REGION-PORT</c> in the replica resource group, admitting TCP to the model port from the
/// router's CIDRs only and denying every other inbound flow. It is written through ARM's generic resource API
/// (Azure.ResourceManager.Network is not available here) with a fixed api-version set on the client, once per
/// service, region and port for the life of this process.
/// </summary>
internal sealed class AzureSecurityGroups(ArmClient arm, AzureOptions options)
{
    public static readonly ResourceType Type = new("Microsoft.Network/networkSecurityGroups");

    // Above the allow rule, below Azure's default AllowVnetInBound (65000) and AllowAzureLoadBalancerInBound (65001),
    // which would otherwise admit SSH and everything else from the virtual network.
    private const int DenyPriority = 4000;

    private readonly ConcurrentDictionary<string, ResourceIdentifier> _ensured = new(StringComparer.Ordinal);

    /// <summary>The group's id, creating or updating it on first use (a PUT, so a concurrent second one is harmless);
    /// null when no router CIDRs are configured, and the NIC then joins no group of ours.</summary>
    /// <exception cref="UnauthorizedException">The identity may not write the group.</exception>
    /// <exception cref="ThrottledException">ARM kept answering 429 after the client's retries.</exception>
    /// <exception cref="InvalidSpecException">ARM refused the group; the message names it.</exception>
    public async Task<ResourceIdentifier?> EnsureAsync(string service, string region, int port, CancellationToken cancellationToken)
    {
        if (options.RouterCidrs.Count == 0)
        {
            return null;
        }

        var key = $"{service}\n{region}\n{port.ToString(CultureInfo.InvariantCulture)}";
        if (_ensured.TryGetValue(key, out var ensured))
        {
            return ensured;
        }

        var name = Name(service, region, port);
        var id = new ResourceIdentifier($"/subscriptions/{options.SubscriptionId}/resourceGroups/{options.ResourceGroup}/providers/{Type}/{name}");
        var data = new GenericResourceData(new AzureLocation(region)) { Properties = BinaryData.FromString(Properties(port).ToJsonString()) };
        data.Tags[AzureCloudProvider.ServiceTag] = service;
        try
        {
            await arm.GetGenericResources().CreateOrUpdateAsync(WaitUntil.Completed, id, data, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw Map(e, name);
        }

        _ensured[key] = id;
        return id;
    }

    /// <summary>The group's name: at most 80 characters of letters, digits and '-', the same every time. The port is
    /// part of it because a PUT replaces all rules: a spec that moves the model port gets a new group, so replicas
    /// still on the old port stay reachable until they are replaced.</summary>
    public static string Name(string service, string region, int port)
    {
        var name = new string($"skyhedge-{service}-{region}-{port.ToString(CultureInfo.InvariantCulture)}".Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-').ToArray());
        return name.Length <= 80 ? name : name[..71] + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
    }

    private JsonObject Properties(int port) => new()
    {
        ["securityRules"] = new JsonArray(
            Rule("allow-router-model-port", 100, "Allow", "Tcp", port.ToString(CultureInfo.InvariantCulture), "sourceAddressPrefixes", new JsonArray([.. options.RouterCidrs.Select(c => (JsonNode)c)])),
            Rule("deny-other-inbound", DenyPriority, "Deny", "*", "*", "sourceAddressPrefix", "*")),
    };

    private static JsonObject Rule(string name, int priority, string access, string protocol, string port, string sourceKey, JsonNode source) => new()
    {
        ["name"] = name,
        ["properties"] = new JsonObject
        {
            ["priority"] = priority,
            ["direction"] = "Inbound",
            ["access"] = access,
            ["protocol"] = protocol,
            [sourceKey] = source, // ARM takes "*" only as the single prefix
            ["sourcePortRange"] = "*",
            ["destinationAddressPrefix"] = "*",
            ["destinationPortRange"] = port,
        },
    };

    private static CloudException Map(RequestFailedException e, string name)
    {
        var code = e.ErrorCode ?? $"HTTP{e.Status}";
        return AzureCloudProvider.Map(e, null, Market.Spot) switch
        {
            UnauthorizedException => new UnauthorizedException(CloudIds.Azure, $"network security group {name}: {e.Message} (the app's identity needs Microsoft.Network/networkSecurityGroups/write, /read and /join/action on the replica resource group, see the README)", code, e),
            QuotaExceededException => new QuotaExceededException(CloudIds.Azure, $"network security group {name}: {e.Message}", code, e),
            InvalidSpecException => new InvalidSpecException(CloudIds.Azure, $"network security group {name}: {e.Message}", code, e),
            var other => other,
        };
    }
}
