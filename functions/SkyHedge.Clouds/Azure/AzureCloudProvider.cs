using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;
using SkyHedge.Clouds.Startup;
using SkyHedge.Core.Catalog;
using SkyHedge.Core.Model;
using SkyHedge.Core.Ports;
using SkyHedge.Core.Spec;
using CloudIds = SkyHedge.Core.Model.Clouds;

namespace SkyHedge.Clouds.AzureCompute;

/// <summary>
/// Azure virtual machines behind the <see cref="ICloudProvider"/> seam, through Azure.ResourceManager.Compute. A
/// launch is one VM create in the configured resource group: priority Spot with eviction policy Delete and max price
/// −1 (pay up to on-demand, evicted only for capacity), or Regular; the zone; the NIC created with the VM through
/// <c>networkInterfaceConfigurations</c> in the region's subnet, deleted with it, as the OS disk; the startup wrapper
/// as custom data; SSH closed (password login off and a throwaway key nobody holds); with router CIDRs, the NIC in the
/// service's network security group (<see cref="AzureSecurityGroups"/>), ensured before the VM; tags. The VM name is
/// derived from the service and replica, so a repeated create updates the same VM rather than making a second.
/// Instance ids are the VMs' resource ids.
/// </summary>
public sealed class AzureCloudProvider : ICloudProvider
{
    public const string ServiceTag = "skyhedge-service";

    public const string ReplicaTag = "skyhedge-replica";

    public const string PortTag = "skyhedge-port";

    public const string ZoneTag = "skyhedge-zone";

    private static readonly HashSet<string> Capacity = new(StringComparer.OrdinalIgnoreCase)
    {
        "SkuNotAvailable", "ZonalAllocationFailed", "AllocationFailed", "OverconstrainedAllocationRequest", "OverconstrainedZonalAllocationRequest",
    };

    private const string NetworkApiVersionText = "2023-09-01";

    // The VM's login user; Azure requires the SSH key at this user's authorized_keys on the VM (not on this machine).
    private const string AdminUser = "skyhedge";

    private readonly AzureOptions _options;
    private readonly PriceCatalog _catalog;
    private readonly ArmClient _arm;
    private readonly AzureSecurityGroups _securityGroups;

    public AzureCloudProvider(AzureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _catalog = options.Catalog ?? PriceCatalog.Default;
        var arm = new ArmClientOptions();
        arm.Retry.MaxRetries = options.MaxRetries;
        arm.Retry.Mode = RetryMode.Exponential;
        arm.Retry.Delay = TimeSpan.FromMilliseconds(200);
        // NIC reads and NSG writes go through ARM's generic resource API (Azure.ResourceManager.Network is not available
        // here); a fixed api-version spares the provider lookup that would otherwise precede them.
        arm.SetApiVersion(new ResourceType("Microsoft.Network/networkInterfaces"), NetworkApiVersionText);
        arm.SetApiVersion(AzureSecurityGroups.Type, NetworkApiVersionText);
        if (options.Endpoint is { } endpoint)
        {
            arm.Environment = new ArmEnvironment(endpoint, "https://management.azure.com/");
        }

        if (options.HttpClient is { } http)
        {
            arm.Transport = new HttpClientTransport(http);
        }

        _arm = new ArmClient(options.Credential ?? new DefaultAzureCredential(), options.SubscriptionId, arm);
        _securityGroups = new AzureSecurityGroups(_arm, options);
    }

    /// <inheritdoc/>
    public string Cloud => CloudIds.Azure;

    /// <inheritdoc/>
    public async Task<CloudInstance> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var offering = request.Offering;
        var region = _options.Regions.TryGetValue(offering.Location.Region, out var r)
            ? r
            : throw new InvalidSpecException(Cloud, $"region {offering.Location.Region} is not configured (configured: {string.Join(", ", _options.Regions.Keys)})", "RegionNotConfigured");
        var name = VmName(request.Service, request.ReplicaId);
        var port = request.Spec.Resources.Ports.Count > 0 ? request.Spec.Resources.Ports[0] : 8080;
        var script = StartupScript.Generate(request.Spec, new StartupSettings(request.Service, request.ReplicaId, request.ReplicaToken, _options.AdminUrl, MetadataFlavor.Azure));
        var image = region.Image.Split(':');
        if (image.Length != 4)
        {
            throw new InvalidSpecException(Cloud, $"image '{region.Image}' is not publisher:offer:sku:version", "BadImage");
        }

        // Before the VM, so its NIC never exists without the group; Azure's default rules alone would admit SSH and
        // every port from the virtual network.
        var securityGroup = await _securityGroups.EnsureAsync(request.Service, offering.Location.Region, port, cancellationToken).ConfigureAwait(false);

        var data = new VirtualMachineData(new AzureLocation(offering.Location.Region))
        {
            HardwareProfile = new VirtualMachineHardwareProfile { VmSize = new VirtualMachineSizeType(offering.InstanceType) },
            StorageProfile = new VirtualMachineStorageProfile
            {
                ImageReference = new ImageReference { Publisher = image[0], Offer = image[1], Sku = image[2], Version = image[3] },
                OSDisk = new VirtualMachineOSDisk(DiskCreateOptionType.FromImage) { DeleteOption = DiskDeleteOptionType.Delete, DiskSizeGB = 200 },
            },
            OSProfile = new VirtualMachineOSProfile
            {
                ComputerName = name,
                AdminUsername = AdminUser,
                CustomData = Convert.ToBase64String(Encoding.UTF8.GetBytes(script)),
                LinuxConfiguration = new LinuxConfiguration
                {
                    DisablePasswordAuthentication = true,
                    SshPublicKeys = { new SshPublicKeyConfiguration { Path = $"/home/{AdminUser}/.ssh/authorized_keys", KeyData = ThrowawayKey() } },
                },
            },
            NetworkProfile = new VirtualMachineNetworkProfile
            {
                NetworkApiVersion = NetworkApiVersion.TwoThousandTwenty1101,
                NetworkInterfaceConfigurations =
                {
                    new VirtualMachineNetworkInterfaceConfiguration(name + "-nic")
                    {
                        Primary = true,
                        DeleteOption = ComputeDeleteOption.Delete,
                        IPConfigurations = { new VirtualMachineNetworkInterfaceIPConfiguration(name + "-ip") { SubnetId = new ResourceIdentifier(region.SubnetId) } },
                        NetworkSecurityGroupId = securityGroup,
                    },
                },
            },
            Tags =
            {
                [ServiceTag] = request.Service,
                [ReplicaTag] = request.ReplicaId,
                [PortTag] = port.ToString(CultureInfo.InvariantCulture),
                [ZoneTag] = offering.Location.Zone,
            },
        };
        if (offering.Location.Zone.Length > 0)
        {
            data.Zones.Add(offering.Location.Zone);
        }

        if (offering.Market == Market.Spot)
        {
            data.Priority = VirtualMachinePriorityType.Spot;
            data.EvictionPolicy = VirtualMachineEvictionPolicyType.Delete;
            data.BillingMaxPrice = -1;
        }

        try
        {
            var operation = await VirtualMachines().CreateOrUpdateAsync(WaitUntil.Completed, name, data, cancellationToken).ConfigureAwait(false);
            return await ToCloudInstanceAsync(operation.Value.Data, offering.Location.Region, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw Map(e, offering.Location, offering.Market);
        }
    }

    /// <inheritdoc/>
    public async Task<CloudInstance?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        try
        {
            var vm = await _arm.GetVirtualMachineResource(new ResourceIdentifier(instanceId)).GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return await ToCloudInstanceAsync(vm.Value.Data, vm.Value.Data.Location.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // an evicted spot VM is deleted with its NIC and disk
        }
        catch (RequestFailedException e)
        {
            throw Map(e, null, Market.Spot);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CloudInstance>> ListAsync(string? service, CancellationToken cancellationToken)
    {
        var found = new List<CloudInstance>();
        try
        {
            await foreach (var vm in VirtualMachines().GetAllAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (vm.Data.Tags.TryGetValue(ServiceTag, out var tagged) && (service is null || tagged == service))
                {
                    found.Add(await ToCloudInstanceAsync(vm.Data, vm.Data.Location.Name, cancellationToken).ConfigureAwait(false));
                }
            }
        }
        catch (RequestFailedException e)
        {
            throw Map(e, null, Market.Spot);
        }

        return found;
    }

    /// <inheritdoc/>
    public async Task TerminateAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        try
        {
            await _arm.GetVirtualMachineResource(new ResourceIdentifier(instanceId)).DeleteAsync(WaitUntil.Started, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone: a retried terminate succeeds.
        }
        catch (RequestFailedException e)
        {
            throw Map(e, null, Market.Spot);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Offering>> GetOfferingsAsync(ResourceCandidate candidate, CancellationToken cancellationToken) =>
        Task.FromResult(CatalogOfferings.For(_catalog, Cloud, candidate, l => _options.Regions.ContainsKey(l.Region)));

    /// <summary>The VM name for a replica (at most 64 characters, letters, digits and '-'), the same every attempt.</summary>
    public static string VmName(string service, string replicaId)
    {
        var name = new string($"skyhedge-{service}-{replicaId}".Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-').ToArray());
        return name.Length <= 64 ? name : name[..55] + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
    }

    private VirtualMachineCollection VirtualMachines() =>
        _arm.GetResourceGroupResource(ResourceGroupResource.CreateResourceIdentifier(_options.SubscriptionId, _options.ResourceGroup)).GetVirtualMachines();

    // An RSA public key whose private half is thrown away: Azure requires a credential for Linux VMs, and this one
    // opens nothing.
    private static string ThrowawayKey()
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        static byte[] Mpint(byte[] v) => v[0] >= 0x80 ? [0, .. v] : v;
        var blob = new List<byte>();
        void Put(byte[] bytes)
        {
            blob.AddRange(BitConverter.IsLittleEndian ? BitConverter.GetBytes(bytes.Length).Reverse() : BitConverter.GetBytes(bytes.Length));
            blob.AddRange(bytes);
        }

        Put(Encoding.ASCII.GetBytes("ssh-rsa"));
        Put(Mpint(p.Exponent!));
        Put(Mpint(p.Modulus!));
        return "ssh-rsa " + Convert.ToBase64String(blob.ToArray()) + " skyhedge-no-login";
    }

    internal static CloudException Map(RequestFailedException e, Location? location, Market market)
    {
        var code = e.ErrorCode ?? $"HTTP{e.Status}";
        if (Capacity.Contains(code) && location is not null)
        {
            return new InsufficientCapacityException(CloudIds.Azure, location, market, code, e);
        }

        if (code is "OperationNotAllowed" or "QuotaExceeded" || code.Contains("Quota", StringComparison.OrdinalIgnoreCase))
        {
            return new QuotaExceededException(CloudIds.Azure, e.Message, code, e);
        }

        if (e.Status == 429 || code is "TooManyRequests")
        {
            return new ThrottledException(CloudIds.Azure, null, code, e);
        }

        if (e.Status is 401 or 403 || code is "AuthorizationFailed" or "InvalidAuthenticationToken")
        {
            return new UnauthorizedException(CloudIds.Azure, $"{e.Message} (check the app's identity and its role on the replica resource group, see the README)", code, e);
        }

        return new InvalidSpecException(CloudIds.Azure, e.Message, code, e);
    }

    // The private address of the VM's primary NIC (created with it, so named after it), read as a generic resource;
    // null while the NIC is not there yet.
    private async Task<string?> AddressAsync(VirtualMachineData vm, CancellationToken cancellationToken)
    {
        var nicId = vm.NetworkProfile?.NetworkInterfaces.FirstOrDefault()?.Id
            ?? new ResourceIdentifier($"/subscriptions/{_options.SubscriptionId}/resourceGroups/{_options.ResourceGroup}/providers/Microsoft.Network/networkInterfaces/{vm.Name}-nic");
        try
        {
            var nic = await _arm.GetGenericResource(nicId).GetAsync(cancellationToken).ConfigureAwait(false);
            using var doc = System.Text.Json.JsonDocument.Parse(nic.Value.Data.Properties.ToString());
            foreach (var config in doc.RootElement.GetProperty("ipConfigurations").EnumerateArray())
            {
                if (config.TryGetProperty("properties", out var p) && p.TryGetProperty("privateIPAddress", out var ip) && ip.GetString() is { Length: > 0 } address)
                {
                    return address;
                }
            }

            return null;
        }
        catch (Exception e) when (e is RequestFailedException { Status: 404 } or KeyNotFoundException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private async Task<CloudInstance> ToCloudInstanceAsync(VirtualMachineData vm, string region, CancellationToken cancellationToken)
    {
        var instance = ToCloudInstance(vm, region);
        return instance.State == InstanceState.Running && await AddressAsync(vm, cancellationToken).ConfigureAwait(false) is { } ip
            ? instance with { Address = $"http://{ip}:{(vm.Tags.TryGetValue(PortTag, out var port) ? port : "8080")}" }
            : instance;
    }

    private CloudInstance ToCloudInstance(VirtualMachineData vm, string region)
    {
        string? Tag(string key) => vm.Tags.TryGetValue(key, out var v) ? v : null;
        var state = vm.ProvisioningState switch
        {
            "Succeeded" => InstanceState.Running,
            "Deleting" => InstanceState.Stopping,
            "Failed" => InstanceState.Terminated,
            _ => InstanceState.Pending,
        };
        return new CloudInstance(
            vm.Id!.ToString(),
            Tag(ServiceTag) ?? string.Empty,
            Tag(ReplicaTag) ?? string.Empty,
            new Location(Cloud, region, Tag(ZoneTag) ?? vm.Zones.FirstOrDefault() ?? string.Empty),
            vm.Priority == VirtualMachinePriorityType.Spot ? Market.Spot : Market.OnDemand,
            vm.HardwareProfile?.VmSize?.ToString() ?? string.Empty,
            state,
            null, // set by ToCloudInstanceAsync from the NIC
            vm.TimeCreated ?? DateTimeOffset.MinValue);
    }
}
