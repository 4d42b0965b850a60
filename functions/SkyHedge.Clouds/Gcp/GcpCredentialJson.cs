using System.Text.Json;
using Google.Apis.Auth.OAuth2;

namespace SkyHedge.Clouds.GcpCompute;

/// <summary>
/// A credential from configuration JSON of the kinds a host outside GCP uses: a service-account key, or a workload
/// identity federation configuration (URL- or file-sourced subject token, no secret in it). Each kind is read by its
/// own typed factory: Google deprecated the untyped reader, which would accept any credential type a setting names.
/// </summary>
internal static class GcpCredentialJson
{
    /// <exception cref="FormatException">Not JSON, or a credential type this adapter does not take.</exception>
    public static GoogleCredential Read(string json)
    {
        string? type;
        bool url;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            url = root.TryGetProperty("credential_source", out var source) && source.ValueKind == JsonValueKind.Object && source.TryGetProperty("url", out _);
        }
        catch (JsonException e)
        {
            throw new FormatException($"GCP credentials: not JSON ({e.Message})", e);
        }

        return type switch
        {
            "service_account" => CredentialFactory.FromJson<ServiceAccountCredential>(json).ToGoogleCredential(),
            "external_account" when url => CredentialFactory.FromJson<UrlSourcedExternalAccountCredential>(json).ToGoogleCredential(),
            "external_account" => CredentialFactory.FromJson<FileSourcedExternalAccountCredential>(json).ToGoogleCredential(),
            _ => throw new FormatException($"GCP credentials: expected type 'service_account' or 'external_account', got '{type}'"),
        };
    }
}
