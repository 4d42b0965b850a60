namespace SkyHedge.Router.Tests.Harness;

internal static class ResponseAssertions
{
    /// <summary>Asserts a 2xx, showing the body (the router's error message) when it is not.</summary>
    public static async Task<string> OkAsync(this Task<HttpResponseMessage> response)
    {
        using var r = await response;
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode}: {body}");
        return body;
    }
}
