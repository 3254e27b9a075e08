using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Components.Account;

/// <summary>
/// The bearer token check accepts a token itself once its stamp matches (BearerTokens): it must keep the handler's lifetime rule.
/// Tokens are re-sealed here with the app's own protector, only their lifetime changed.
/// </summary>
[Collection(AppCollection.Name)]
public class BearerTokenTests(WorkAppFactory app)
{
    [Fact]
    public async Task A_token_past_its_lifetime_is_refused_and_one_within_it_accepted()
    {
        var user = await ApiUser.RegisterAsync(app, "lifetime");
        var token = user.Client.DefaultRequestHeaders.Authorization!.Parameter!;

        Assert.Equal(HttpStatusCode.OK, await MeWithAsync(Resealed(token, TimeSpan.FromMinutes(5))));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithAsync(Resealed(token, TimeSpan.FromMinutes(-1))));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithAsync(Resealed(token, lifetime: null)));
    }

    private string Resealed(string token, TimeSpan? lifetime)
    {
        var protector = app.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme).BearerTokenProtector;
        var ticket = protector.Unprotect(token)!;
        ticket.Properties.ExpiresUtc = lifetime is { } span ? DateTimeOffset.UtcNow + span : null;
        return protector.Protect(ticket);
    }

    private async Task<HttpStatusCode> MeWithAsync(string token)
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("api/work/me")).StatusCode;
    }
}
