using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors.OAuth;
using WorkPipelines.Domain.Connectors.Zendesk;
using WorkPipelines.Sandbox;
using WorkPipelines.Sandbox.OAuth;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Sandbox.OAuth;

/// <summary>The sandbox's sign-in spends what the providers spend: a code is redeemed once, a rotated refresh token works no more.</summary>
[Collection(AppCollection.Name)]
public sealed class SandboxOAuthTests(WorkAppFactory app)
{
    [Fact]
    public async Task A_code_is_redeemed_once_and_a_replaced_zendesk_refresh_token_is_refused()
    {
        var root = app.Services.GetRequiredService<SandboxAddress>().For(ZendeskConnector.Key);
        var redirect = new Uri(app.RootUri, OAuthProviders.For(ZendeskConnector.Key)!.CallbackPath(sandbox: true)).ToString();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        // Zendesk takes PKCE optionally: a sign-in without a challenge has no verifier to send.
        var allowed = await http.PostAsync(root + "oauth/authorizations/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = SandboxOAuthRegistrations.ClientId, ["redirect_uri"] = redirect, ["state"] = "s", ["scope"] = "read", ["decision"] = "allow",
        }));
        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        var code = QueryHelpers.ParseQuery(allowed.Headers.Location!.Query)["code"].ToString();

        var first = await TokenAsync(http, root, new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirect });
        var again = await TokenAsync(http, root, new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirect });
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (again.Status, again.Body.GetProperty("error").GetString()));

        var refresh = first.Body.GetProperty("refresh_token").GetString()!;
        var rotated = await TokenAsync(http, root, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh });
        var replaced = await TokenAsync(http, root, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh });
        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        Assert.NotEqual(refresh, rotated.Body.GetProperty("refresh_token").GetString());
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (replaced.Status, replaced.Body.GetProperty("error").GetString()));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> TokenAsync(HttpClient http, string root, Dictionary<string, string> form)
    {
        form["client_id"] = SandboxOAuthRegistrations.ClientId;
        form["client_secret"] = SandboxOAuthRegistrations.ClientSecret;
        var response = await http.PostAsync(root + "oauth/tokens", new FormUrlEncodedContent(form));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
