// The data plane: the router as an always-on Container App (at least one replica, ingress on 8080), in an
// environment inside the router network, pulling its image with its own identity and reading the admin key from
// Key Vault. Storage is reached with the same identity (no connection string).
param location string
param tags object
@minLength(13)
@maxLength(13)
@description('uniqueString of the subscription, environment and location: makes global names unique.')
param resourceToken string
param workspaceId string
param routerSubnetId string
param identityId string
param identityClientId string
param registryServer string
param tableEndpoint string
param adminKeySecretUri string

@description('The router image; empty before azd has pushed one (a public placeholder runs until then).')
param image string

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: 'cae-${resourceToken}'
  location: location
  tags: tags
  properties: {
    vnetConfiguration: { infrastructureSubnetId: routerSubnetId, internal: false }
    workloadProfiles: [{ name: 'Consumption', workloadProfileType: 'Consumption' }]
    appLogsConfiguration: { destination: 'azure-monitor' }
  }
}

// Container logs go to the workspace through diagnostic settings (no workspace key in the template).
resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: environment
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
  }
}

resource router 'Microsoft.App/containerApps@2024-03-01' = {
  name: 'ca-router-${resourceToken}'
  location: location
  tags: union(tags, { 'azd-service-name': 'router' })
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identityId}': {} } }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: { external: true, targetPort: 8080, transport: 'http', allowInsecure: false }
      registries: [{ server: registryServer, identity: identityId }]
      secrets: [{ name: 'admin-key', keyVaultUrl: adminKeySecretUri, identity: identityId }]
    }
    template: {
      scale: { minReplicas: 1, maxReplicas: 5 }
      containers: [
        {
          name: 'router'
          image: empty(image) ? 'mcr.microsoft.com/k8se/quickstart:latest' : image
          resources: { cpu: json('1.0'), memory: '2Gi' }
          env: [
            { name: 'SkyHedge__TableServiceUri', value: tableEndpoint }
            { name: 'SkyHedge__ClientId', value: identityClientId }
            { name: 'SkyHedge__TablePrefix', value: 'SkyHedge' }
            { name: 'SKYHEDGE_ADMIN_KEY', secretRef: 'admin-key' }
          ]
          probes: [
            { type: 'Liveness', httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 }
            { type: 'Readiness', httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5 }
          ]
        }
      ]
    }
  }
}

output name string = router.name
output url string = 'https://${router.properties.configuration.ingress.fqdn}'
