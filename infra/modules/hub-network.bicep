// The router's virtual network: the Container Apps environment lives in its 'router' subnet, so the router's
// traffic to Azure replicas leaves from that prefix (the replicas' network security groups admit it alone) and
// reaches them over peering.
param location string
param tags object
@minLength(13)
@maxLength(13)
@description('uniqueString of the subscription, environment and location: makes global names unique.')
param resourceToken string

@description('Address space of the router network; the router subnet is its first /23.')
param addressPrefix string

resource hub 'Microsoft.Network/virtualNetworks@2024-01-01' = {
  name: 'vnet-router-${resourceToken}'
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: [addressPrefix] }
    subnets: [
      {
        name: 'router'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 23, 0)
          delegations: [{ name: 'containerapps', properties: { serviceName: 'Microsoft.App/environments' } }]
        }
      }
    ]
  }
}

output id string = hub.id
output name string = hub.name
output routerSubnetId string = hub.properties.subnets[0].id
output routerSubnetPrefix string = hub.properties.subnets[0].properties.addressPrefix
