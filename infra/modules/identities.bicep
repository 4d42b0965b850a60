// The two workload identities: the control plane (Functions app) and the data plane (router). User-assigned, so role
// assignments exist before the apps start and survive an app being recreated.
param location string
param tags object
@minLength(13)
@maxLength(13)
@description('uniqueString of the subscription, environment and location: makes global names unique.')
param resourceToken string

resource functions 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-func-${resourceToken}'
  location: location
  tags: tags
}

resource router 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-router-${resourceToken}'
  location: location
  tags: tags
}

output functionsId string = functions.id
output functionsPrincipalId string = functions.properties.principalId
output functionsClientId string = functions.properties.clientId
output routerId string = router.id
output routerPrincipalId string = router.properties.principalId
output routerClientId string = router.properties.clientId
