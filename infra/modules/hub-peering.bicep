// The router network's side of each peering with a replica network (peering is made from both ends).
param hubName string
param replicaNetworkIds array

resource hub 'Microsoft.Network/virtualNetworks@2024-01-01' existing = {
  name: hubName
}

resource toReplicas 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings@2024-01-01' = [for (id, i) in replicaNetworkIds: {
  parent: hub
  name: 'to-replicas-${i}'
  properties: {
    remoteVirtualNetwork: { id: id }
    allowVirtualNetworkAccess: true
  }
}]
