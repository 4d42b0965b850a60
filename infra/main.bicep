// SkyHedge on Azure, deployed by `azd up`: the control plane (Functions, Flex Consumption), the router (Container
// Apps), their storage, registry, Key Vault, monitoring and networks, and a separate resource group for the replica
// VMs the control plane launches. No secret is a template value: the only one passed in (the bootstrap admin key) is
// a secure parameter stored straight into Key Vault.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('azd environment name; names every resource group and resource.')
param environmentName string

@minLength(1)
@description('Region of the control plane, the router and their resources.')
param location string

@description('Azure regions replica VMs may run in (each gets a network peered with the router\'s).')
param replicaRegions array = [location]

@description('Marketplace image of Azure replica VMs (publisher:offer:sku:version): a GPU image with drivers and docker.')
param replicaImage string = 'microsoft-dsvm:ubuntu-hpc:2204:latest'

@description('Object id of the user running azd (azd sets AZURE_PRINCIPAL_ID): may write the AWS/GCP secrets.')
param principalId string = ''

@secure()
@minLength(16)
@description('The bootstrap admin key (azd keeps it in its environment, see infra/scripts/ensure-admin-key.sh).')
param bootstrapAdminKey string

@description('SKYHEDGE_AWS settings JSON (regions, AMIs, subnets; see README "Real clouds"); empty: AWS off.')
param awsSetting string = ''

@description('SKYHEDGE_GCP settings JSON; empty: GCP off.')
param gcpSetting string = ''

@description('Router image set by azd deploy; empty on first provision.')
param routerImage string = ''

var tags = { 'azd-env-name': environmentName }
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))

resource main 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

// The only place the control plane may create VMs: its role assignments are scoped to this group.
resource replicas 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}-replicas'
  location: location
  tags: tags
}

module identities 'modules/identities.bicep' = {
  scope: main
  params: { location: location, tags: tags, resourceToken: resourceToken }
}

module storage 'modules/storage.bicep' = {
  scope: main
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    functionsPrincipalId: identities.outputs.functionsPrincipalId
    routerPrincipalId: identities.outputs.routerPrincipalId
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: main
  params: { location: location, tags: tags, resourceToken: resourceToken, functionsPrincipalId: identities.outputs.functionsPrincipalId }
}

module registry 'modules/registry.bicep' = {
  scope: main
  params: { location: location, tags: tags, resourceToken: resourceToken, routerPrincipalId: identities.outputs.routerPrincipalId }
}

module vault 'modules/keyvault.bicep' = {
  scope: main
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    functionsPrincipalId: identities.outputs.functionsPrincipalId
    routerPrincipalId: identities.outputs.routerPrincipalId
    deployerPrincipalId: principalId
    bootstrapAdminKey: bootstrapAdminKey
  }
}

module hub 'modules/hub-network.bicep' = {
  scope: main
  params: { location: location, tags: tags, resourceToken: resourceToken, addressPrefix: '10.0.0.0/16' }
}

module replicaNetworks 'modules/replica-network.bicep' = {
  scope: replicas
  params: {
    tags: tags
    resourceToken: resourceToken
    regions: replicaRegions
    hubId: hub.outputs.id
    functionsPrincipalId: identities.outputs.functionsPrincipalId
  }
}

module hubPeerings 'modules/hub-peering.bicep' = {
  scope: main
  params: { hubName: hub.outputs.name, replicaNetworkIds: replicaNetworks.outputs.networkIds }
}

module router 'modules/router.bicep' = {
  scope: main
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    workspaceId: monitoring.outputs.workspaceId
    routerSubnetId: hub.outputs.routerSubnetId
    identityId: identities.outputs.routerId
    identityClientId: identities.outputs.routerClientId
    registryServer: registry.outputs.loginServer
    tableEndpoint: storage.outputs.tableEndpoint
    adminKeySecretUri: vault.outputs.adminKeySecretUri
    image: routerImage
  }
}

// The Azure adapter's settings: replica VMs in the replica group, NICs in each region's subnet, model ports open to
// the router's subnet only. The app's own host name is known before it exists (name.azurewebsites.net).
var functionsName = 'func-${resourceToken}'
var azureSetting = string({
  subscription_id: subscription().subscriptionId
  resource_group: replicas.name
  admin_url: 'https://${functionsName}.azurewebsites.net'
  router_cidrs: [hub.outputs.routerSubnetPrefix]
  regions: toObject(range(0, length(replicaRegions)), i => replicaRegions[i], i => {
    subnet_id: replicaNetworks.outputs.subnetIds[i]
    image: replicaImage
  })
})

module functions 'modules/functions.bicep' = {
  scope: main
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    identityId: identities.outputs.functionsId
    identityClientId: identities.outputs.functionsClientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    packageContainerUrl: storage.outputs.packageContainerUrl
    insightsConnectionString: monitoring.outputs.insightsConnectionString
    keyVaultUri: vault.outputs.uri
    adminKeySecretUri: vault.outputs.adminKeySecretUri
    routerUrl: router.outputs.url
    azureSetting: azureSetting
    awsSetting: awsSetting
    gcpSetting: gcpSetting
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = main.name
output AZURE_REPLICA_RESOURCE_GROUP string = replicas.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output SKYHEDGE_ADMIN_URL string = '${functions.outputs.url}/api'
output SKYHEDGE_ROUTER_URL string = router.outputs.url
