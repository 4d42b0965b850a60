// The only secrets of a deployment: the bootstrap admin key (written here from a secure parameter that azd keeps in
// its environment) and, when those clouds are used, the AWS and GCP credentials (written by the operator, see the
// README's "Deploy"). Apps read them through Key Vault references with their own identities; API keys themselves
// live hashed in Table Storage, not here.
param location string
param tags object
@minLength(13)
@maxLength(13)
@description('uniqueString of the subscription, environment and location: makes global names unique.')
param resourceToken string
param functionsPrincipalId string
param routerPrincipalId string

@description('Object id of the user running azd (may write secrets); empty to grant nobody.')
param deployerPrincipalId string

@secure()
param bootstrapAdminKey string

var secretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var secretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-${resourceToken}'
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    enablePurgeProtection: true
  }
}

resource adminKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'skyhedge-admin-key'
  properties: {
    value: bootstrapAdminKey
    contentType: 'SkyHedge bootstrap admin key'
  }
}

resource functionsReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, functionsPrincipalId, secretsUser)
  properties: {
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUser)
  }
}

resource routerReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, routerPrincipalId, secretsUser)
  properties: {
    principalId: routerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUser)
  }
}

resource deployerWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  scope: vault
  name: guid(vault.id, deployerPrincipalId, secretsOfficer)
  properties: {
    principalId: deployerPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficer)
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
output adminKeySecretUri string = '${vault.properties.vaultUri}secrets/${adminKey.name}'
