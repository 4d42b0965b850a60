// The router's image registry: azd pushes to it (AZURE_CONTAINER_REGISTRY_ENDPOINT), the router pulls with its
// identity (AcrPull); no admin user, so no registry password exists.
param location string
param tags object
@minLength(13)
@maxLength(13)
@description('uniqueString of the subscription, environment and location: makes global names unique.')
param resourceToken string
param routerPrincipalId string

var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: 'cr${resourceToken}'
  location: location
  tags: tags
  sku: { name: 'Basic' }
  properties: {
    adminUserEnabled: false
  }
}

resource routerPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: registry
  name: guid(registry.id, routerPrincipalId, acrPull)
  properties: {
    principalId: routerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPull)
  }
}

output name string = registry.name
output loginServer string = registry.properties.loginServer
