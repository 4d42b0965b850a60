using Azure.Data.Tables;
using SkyHedge.Control.State;

namespace SkyHedge.Functions.Hosting;

/// <summary>The account and table prefix shared by the state store and the key store (one client, one set of
/// settings: the key table sits next to the state tables).</summary>
internal sealed record StateTables(TableServiceClient Client, TableStateStoreOptions Options);
