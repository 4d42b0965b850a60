using SkyHedge.Control.Keys;
using SkyHedge.Control.State;
using SkyHedge.Control.Tests.State;
using SkyHedge.Testing;

namespace SkyHedge.Control.Tests.Admin;

[Collection(AzuriteCollection.Name)]
public sealed class ApiKeysTests(AzuriteFixture azurite)
{
    private readonly AdminHarness _h = new(azurite);

    [Fact]
    public async Task Keys_verify_with_their_scope_until_revoked_and_their_id_follows_from_the_key()
    {
        var keys = new ApiKeys(_h.KeyStore, time: _h.Clock);
        var created = await keys.CreateAsync(ApiKeyScope.Inference, "router");

        Assert.Equal(ApiKeys.IdOf(created.Key), created.Id);
        Assert.True(ApiKeys.IsKeyId(created.Id));
        Assert.DoesNotContain(created.Key, created.ToString(), StringComparison.Ordinal);
        var caller = await keys.VerifyAsync(created.Key);
        Assert.Equal(new ApiKeyIdentity(created.Id, ApiKeyScope.Inference), caller);
        Assert.True(caller!.Allows(ApiKeyScope.Inference));
        Assert.False(caller.Allows(ApiKeyScope.Admin));

        _h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await keys.RevokeAsync(created.Id));
        Assert.Null(await keys.VerifyAsync(created.Key));
        var row = await _h.KeyStore.GetAsync(created.Id);
        Assert.Equal((AdminHarness.T0, AdminHarness.T0.AddMinutes(5), "router"), (row!.CreatedAt, row.RevokedAt, row.Description));

        _h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await keys.RevokeAsync(created.Id));
        Assert.Equal(AdminHarness.T0.AddMinutes(5), (await _h.KeyStore.GetAsync(created.Id))!.RevokedAt); // the first revocation stands
        Assert.False(await keys.RevokeAsync("key-ffffffffffffffff"));
    }

    [Fact]
    public async Task The_bootstrap_key_is_admin_never_stored_and_must_be_long_enough()
    {
        var keys = new ApiKeys(_h.KeyStore, AdminHarness.BootstrapKey);
        Assert.Equal(new ApiKeyIdentity(ApiKeys.BootstrapKeyId, ApiKeyScope.Admin), await keys.VerifyAsync(AdminHarness.BootstrapKey));
        Assert.Null(await keys.VerifyAsync(AdminHarness.BootstrapKey[..^1]));
        Assert.Null(await keys.VerifyAsync(string.Empty));
        Assert.Null(await keys.VerifyAsync(null));
        await Assert.ThrowsAsync<InvalidOperationException>(() => keys.RevokeAsync(ApiKeys.BootstrapKeyId));

        Assert.Throws<ArgumentException>(() => new ApiKeys(_h.KeyStore, "short"));
        Assert.Null(await new ApiKeys(_h.KeyStore, string.Empty).VerifyAsync(string.Empty)); // blank setting: no bootstrap key
        Assert.Throws<ArgumentException>(() => new ApiKeys(_h.KeyStore, " padded-bootstrap-key-0123 "));
    }

    [Fact]
    public async Task The_key_store_never_overwrites_and_reads_back_what_it_wrote()
    {
        var record = new ApiKeyRecord("key-0123456789abcdef", ApiKeyScope.Admin, new string('a', 64), AdminHarness.T0, null, null);
        await _h.KeyStore.AddAsync(record);

        await Assert.ThrowsAsync<StateAlreadyExistsException>(() => _h.KeyStore.AddAsync(record with { Scope = ApiKeyScope.Inference }));
        Assert.Equal(record, await _h.KeyStore.GetAsync(record.Id));
        Assert.Null(await _h.KeyStore.GetAsync("key-fedcba9876543210"));
        Assert.Null(await _h.KeyStore.RevokeAsync("key-fedcba9876543210", AdminHarness.T0));
    }
}
