using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Sandbox;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Ga4;

/// <summary>
/// GA4 is reached with a service account's JSON key, which Google's own client (Google.Apis.Auth) exchanges for access
/// tokens; the sandbox's token endpoint answers that client as Google's does (checked signature, scope, lifetime).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class Ga4ServiceAccountTests(WorkAppFactory app)
{
    [Theory]
    [InlineData("not json at all", "this is not JSON")]
    [InlineData("""{"type":"authorized_user","client_id":"x","client_secret":"y","refresh_token":"z"}""", "this one's type is 'authorized_user'")]
    [InlineData("""{"type":"service_account","client_email":"reader@p.iam.gserviceaccount.com"}""", "lacks client_email or private_key")]
    [InlineData("""{"type":"service_account","client_email":"reader@p.iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"}""", "not a readable RSA key")]
    public async Task A_pasted_key_that_is_not_a_service_accounts_is_refused_before_any_call_naming_what_is_valid(string key, string why)
    {
        var admin = await ApiUser.RegisterAsync(app, "ga4key");
        var response = await admin.Client.PutAsJsonAsync("api/work/connectors/ga4", new { credentials = new { propertyId = "123", serviceAccountKey = key } });
        var problem = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("whole JSON key file of a Google Cloud service account", problem);
        Assert.Contains(why, problem);
    }

    [Fact]
    public async Task The_sandbox_token_endpoint_gives_googles_client_a_token_for_the_right_key_and_refuses_another_key_or_scope()
    {
        var sandbox = app.Services.GetRequiredService<SandboxAccounts>();
        var tokenUrl = app.Services.GetRequiredService<SandboxAddress>().For("ga4") + "token";
        var account = await sandbox.CreateAsync("ga4", historyDays: 3);
        var key = JsonNode.Parse(account.ServiceAccountKey!)!;
        using var other = RSA.Create(2048);

        var token = await Credential(key, (string)key["private_key"]!, tokenUrl, "https://www.googleapis.com/auth/analytics.readonly").GetAccessTokenForRequestAsync();
        var forged = await Assert.ThrowsAsync<TokenResponseException>(() =>
            Credential(key, other.ExportPkcs8PrivateKeyPem(), tokenUrl, "https://www.googleapis.com/auth/analytics.readonly").GetAccessTokenForRequestAsync());
        var wrongScope = await Assert.ThrowsAsync<TokenResponseException>(() =>
            Credential(key, (string)key["private_key"]!, tokenUrl, "https://www.googleapis.com/auth/analytics.edit").GetAccessTokenForRequestAsync());

        Assert.Equal(account.Token, token); // the access token the sandbox's Data API accepts for this account
        Assert.Equal(("invalid_grant", "Invalid JWT Signature."), (forged.Error.Error, forged.Error.ErrorDescription));
        Assert.Equal("invalid_scope", wrongScope.Error.Error);
    }

    private static ServiceAccountCredential Credential(JsonNode key, string privateKey, string tokenUrl, string scope) =>
        new(new ServiceAccountCredential.Initializer((string)key["client_email"]!, tokenUrl)
        {
            Scopes = [scope],
            KeyId = (string)key["private_key_id"]!,
            DefaultExponentialBackOffPolicy = Google.Apis.Http.ExponentialBackOffPolicy.None,
        }.FromPrivateKey(privateKey));
}
