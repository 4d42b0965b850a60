using System.Text.Json.Nodes;
using static SkyHedge.Infra.Tests.CompiledTemplate;

namespace SkyHedge.Infra.Tests;

/// <summary>What <c>azd up</c> relies on and what least privilege requires, read from the template the build compiled.</summary>
public sealed class CompiledTemplateTests
{
    private static class Roles
    {
        public const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
        public const string QueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
        public const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
        public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
        public const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
        public const string VirtualMachineContributor = "9980e02c-c2be-4d73-94e8-173b1dc7cf3c";
        public const string NetworkContributor = "4d97b98b-1d4f-4787-a291-c67834d212e7";
    }

    [Fact]
    public void The_two_apps_carry_their_azd_service_names()
    {
        var site = Assert.Single(OfType("functions", "Microsoft.Web/sites"));
        var router = Assert.Single(OfType("router", "Microsoft.App/containerApps"));

        Assert.Contains("createObject('azd-service-name', 'functions')", (string)site["tags"]!, StringComparison.Ordinal);
        Assert.Contains("createObject('azd-service-name', 'router')", (string)router["tags"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Azd_gets_the_registry_endpoint_and_the_deployment_its_urls()
    {
        var outputs = Root["outputs"]!.AsObject();
        Assert.Contains("registry", (string)outputs["AZURE_CONTAINER_REGISTRY_ENDPOINT"]!["value"]!, StringComparison.Ordinal);
        Assert.True(outputs.ContainsKey("SKYHEDGE_ADMIN_URL"));
        Assert.True(outputs.ContainsKey("SKYHEDGE_ROUTER_URL"));
        Assert.False((bool)Assert.Single(OfType("registry", "Microsoft.ContainerRegistry/registries"))["properties"]!["adminUserEnabled"]!);
    }

    [Fact]
    public void Storage_takes_no_shared_key_and_the_functions_app_uses_its_identity()
    {
        var account = Assert.Single(OfType("storage", "Microsoft.Storage/storageAccounts"));
        Assert.False((bool)account["properties"]!["allowSharedKeyAccess"]!);
        Assert.False((bool)account["properties"]!["allowBlobPublicAccess"]!);

        var settings = Settings();
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys); // no connection string form
    }

    [Fact]
    public void The_functions_app_is_flex_consumption_dotnet_10_isolated()
    {
        var plan = Assert.Single(OfType("functions", "Microsoft.Web/serverfarms"));
        Assert.Equal(("FC1", "FlexConsumption"), ((string)plan["sku"]!["name"]!, (string)plan["sku"]!["tier"]!));
        var runtime = Assert.Single(OfType("functions", "Microsoft.Web/sites"))["properties"]!["functionAppConfig"]!["runtime"]!;
        Assert.Equal(("dotnet-isolated", "10.0"), ((string)runtime["name"]!, (string)runtime["version"]!));
    }

    [Fact]
    public void The_router_is_always_on_behind_external_ingress_on_8080_with_health_probes()
    {
        var app = Assert.Single(OfType("router", "Microsoft.App/containerApps"))["properties"]!;
        var ingress = app["configuration"]!["ingress"]!;
        Assert.True((bool)ingress["external"]!);
        Assert.Equal(8080, (int)ingress["targetPort"]!);
        Assert.Equal(1, (int)app["template"]!["scale"]!["minReplicas"]!);
        var probes = app["template"]!["containers"]![0]!["probes"]!.AsArray();
        Assert.Equal(["Liveness", "Readiness"], probes.Select(p => (string)p!["type"]!).Order());
        Assert.All(probes, p => Assert.Equal(("/healthz", 8080), ((string)p!["httpGet"]!["path"]!, (int)p["httpGet"]!["port"]!)));
    }

    [Fact]
    public void Each_identity_gets_exactly_the_roles_it_needs()
    {
        var granted = new HashSet<(string Module, string Principal, string Role)>();
        foreach (var module in new[] { "storage", "monitoring", "registry", "vault", "replicaNetworks" })
        {
            var template = Template(Module(module));
            foreach (var assignment in OfType(module, "Microsoft.Authorization/roleAssignments"))
            {
                granted.Add((module, PrincipalParameter(assignment), RoleGuid(template, assignment)));
            }
        }

        Assert.Subset(granted, new HashSet<(string, string, string)>
        {
            ("storage", "functionsPrincipalId", Roles.BlobDataOwner),
            ("storage", "functionsPrincipalId", Roles.QueueDataContributor),
            ("storage", "functionsPrincipalId", Roles.TableDataContributor),
            ("storage", "routerPrincipalId", Roles.TableDataContributor),
            ("vault", "functionsPrincipalId", Roles.KeyVaultSecretsUser),
            ("vault", "routerPrincipalId", Roles.KeyVaultSecretsUser),
            ("registry", "routerPrincipalId", Roles.AcrPull),
            ("replicaNetworks", "functionsPrincipalId", Roles.VirtualMachineContributor),
            ("replicaNetworks", "functionsPrincipalId", Roles.NetworkContributor),
        });

        // The router never gets to launch VMs or write blobs; nobody gets Owner or Contributor.
        Assert.DoesNotContain(granted, g => g.Principal == "routerPrincipalId" && g.Role is Roles.VirtualMachineContributor or Roles.NetworkContributor or Roles.BlobDataOwner);
        Assert.DoesNotContain(granted, g => g.Role is "8e3af657-a8ff-443c-a75c-2fe8c4bcb635" or "b24988ac-6180-42a0-ab88-20f7382dd24c");
    }

    [Fact]
    public void The_vm_roles_are_scoped_to_the_replica_resource_group_alone()
    {
        Assert.Equal("[format('rg-{0}-replicas', parameters('environmentName'))]", (string)Module("replicaNetworks")["resourceGroup"]!);
        foreach (var module in new[] { "storage", "monitoring", "registry", "vault", "router", "functions" })
        {
            Assert.Equal("[format('rg-{0}', parameters('environmentName'))]", (string)Module(module)["resourceGroup"]!);
        }

        // Module role assignments carry no scope of their own beyond their resource: none at subscription level.
        Assert.DoesNotContain(Resources(Root), r => (string?)r.Value["type"] == "Microsoft.Authorization/roleAssignments");
    }

    [Fact]
    public void The_apps_read_the_admin_key_from_key_vault()
    {
        Assert.Equal("securestring", (string)Root["parameters"]!["bootstrapAdminKey"]!["type"]!);
        var secret = Assert.Single(OfType("vault", "Microsoft.KeyVault/vaults/secrets"));
        Assert.Equal("[parameters('bootstrapAdminKey')]", (string)secret["properties"]!["value"]!);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", Settings()["SKYHEDGE_ADMIN_KEY"], StringComparison.Ordinal);
        var router = Assert.Single(OfType("router", "Microsoft.App/containerApps"))["properties"]!;
        var adminKey = router["template"]!["containers"]![0]!["env"]!.AsArray().Single(e => (string)e!["name"]! == "SKYHEDGE_ADMIN_KEY")!;
        Assert.Equal("admin-key", (string)adminKey["secretRef"]!);
        Assert.NotNull(router["configuration"]!["secrets"]![0]!["keyVaultUrl"]);
    }

    /// <summary>The Functions app's settings, name → value expression.</summary>
    internal static Dictionary<string, string> Settings() =>
        Assert.Single(OfType("functions", "Microsoft.Web/sites"))["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!, StringComparer.Ordinal);

    /// <summary>The router container's environment variable names.</summary>
    internal static List<string> RouterEnvironment() =>
        [.. Assert.Single(OfType("router", "Microsoft.App/containerApps"))["properties"]!["template"]!["containers"]![0]!["env"]!.AsArray()
            .Select(e => (string)e!["name"]!)];

    internal static JsonObject FunctionsSite => Assert.Single(OfType("functions", "Microsoft.Web/sites"));
}
