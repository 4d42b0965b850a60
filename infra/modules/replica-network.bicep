// In the replica resource group: one virtual network per replica region with a 'replicas' subnet (the Azure
// adapter's NICs join it), peered with the router's network, and the Functions identity's rights to launch VMs
// there and nowhere else.
param tags object
@minLength(13)
@maxLength(13)
@description('uniqueString of the subscription, environment and location: makes global names unique.')
param resourceToken string

@description('Azure regions replicas may run in.')
param regions array

@description('The router network, peered with every replica network.')
param hubId string

param functionsPrincipalId string

var vmContributor = '9980e02c-c2be-4d73-94e8-173b1dc7cf3c'
var networkContributor = '4d97b98b-1d4f-4787-a291-c67834d212e7'

resource networks 'Microsoft.Network/virtualNetworks@2024-01-01' = [for (region, i) in regions: {
  name: 'vnet-replicas-${region}-${resourceToken}'
  location: region
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: ['10.${i + 1}.0.0/16'] }
    subnets: [{ name: 'replicas', properties: { addressPrefix: '10.${i + 1}.0.0/20' } }]
  }
}]

resource toHub 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings@2024-01-01' = [for (region, i) in regions: {
  parent: networks[i]
  name: 'to-router'
  properties: {
    remoteVirtualNetwork: { id: hubId }
    allowVirtualNetworkAccess: true
  }
}]

// Create, read and delete the replica VMs (and their disks) in this group only.
resource launchVms 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, functionsPrincipalId, vmContributor)
  properties: {
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', vmContributor)
  }
}

// Join the subnets, create and delete the replicas' NICs and per-service network security groups, in this group only.
resource manageNetwork 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, functionsPrincipalId, networkContributor)
  properties: {
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', networkContributor)
  }
}

output networkIds array = [for (region, i) in regions: networks[i].id]
output subnetIds array = [for (region, i) in regions: networks[i].properties.subnets[0].id]
