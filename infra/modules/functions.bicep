// The control plane: a Flex Consumption (FC1) Function App, .NET 10 isolated, with a user-assigned identity for
// its storage (identity-based AzureWebJobsStorage), Application Insights (Entra ID ingestion) and Key Vault
// references. Every app setting the code reads is set here (the Infra tests compare both lists).
param location string
param tags object
@minLength(13)
@maxLength(13)
@description('uniqueString of the subscription, environment and location: makes global names unique.')
param resourceToken string
param identityId string
param identityClientId string
param blobEndpoint string
param queueEndpoint string
param tableEndpoint string
param packageContainerUrl string
param insightsConnectionString string
param keyVaultUri string
param adminKeySecretUri string
param routerUrl string

@description('SKYHEDGE_AZURE: the Azure adapter\'s settings (built by main.bicep).')
param azureSetting string

@description('SKYHEDGE_AWS (empty: AWS off). Not secret: credentials are Key Vault secrets.')
param awsSetting string

@description('SKYHEDGE_GCP (empty: GCP off).')
param gcpSetting string

var name = 'func-${resourceToken}'

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${resourceToken}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identityId}': {} } }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: packageContainerUrl
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: 40, instanceMemoryMB: 2048 }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'AzureWebJobsStorage__blobServiceUri', value: blobEndpoint }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: queueEndpoint }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: tableEndpoint }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        { name: 'SkyHedge__TablePrefix', value: 'SkyHedge' }
        { name: 'SKYHEDGE_ADMIN_KEY', value: '@Microsoft.KeyVault(SecretUri=${adminKeySecretUri})' }
        { name: 'SKYHEDGE_ROUTER_URL', value: routerUrl }
        { name: 'SKYHEDGE_AZURE', value: azureSetting }
        { name: 'SKYHEDGE_AWS', value: awsSetting }
        { name: 'SKYHEDGE_GCP', value: gcpSetting }
        // Key Vault references only when the cloud is on: an unresolvable one would reach the SDK as its own text.
        { name: 'AWS_ACCESS_KEY_ID', value: empty(awsSetting) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/aws-access-key-id)' }
        { name: 'AWS_SECRET_ACCESS_KEY', value: empty(awsSetting) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/aws-secret-access-key)' }
        { name: 'SKYHEDGE_GCP_CREDENTIALS', value: empty(gcpSetting) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/gcp-credentials)' }
      ]
    }
  }
}

output name string = app.name
output url string = 'https://${app.properties.defaultHostName}'
