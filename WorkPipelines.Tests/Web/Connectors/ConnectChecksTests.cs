using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Connectors;

/// <summary>
/// The connect check names what a credential lacks before the first sync: the sandbox account starts with the fault
/// (a permission it lacks, a token about to die), and the connect answer is a problem saying which and where to fix it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ConnectChecksTests(WorkAppFactory app)
{
    [Theory]
    [InlineData("meta", new[] { "ads_read" }, new[] { "Meta Ads refused the connection: this token lacks ads_read: generate a system user token in Business Settings → Users → System users", "tick it" })]
    [InlineData("social", new[] { "read_insights" }, new[] { "this token lacks read_insights:", "GET /{page-id}?fields=access_token" })]
    [InlineData("social", new[] { "pages_read_engagement", "read_insights" }, new[] { "this token lacks pages_read_engagement and read_insights:", "tick them" })]
    [InlineData("ga4", new[] { "property_access" }, new[] { "the service account ga4-reader-", "@work-pipelines-sandbox.iam.gserviceaccount.com may not read property 123456789: add it as a Viewer in GA4 Admin → Property access management" })]
    [InlineData("ga4", new[] { "data_api" }, new[] { "the Google Analytics Data API is not enabled in the service account's Cloud project (projects/", "\"Google Analytics Data API\"", "Enable" })]
    public async Task A_credential_lacking_what_the_sync_needs_is_refused_at_connect_naming_it(string provider, string[] lacks, string[] said)
    {
        var admin = await ApiUser.RegisterAsync(app, $"lacks-{provider}");

        var (status, title) = await ConnectAsync(admin, provider, new { lacks });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.All(said, words => Assert.Contains(words, title));
        Assert.False((await admin.ConnectorAsync(provider)).Connected);
    }

    [Theory]
    [InlineData("meta", new[] { "business_management" })] // not one the sync needs
    [InlineData("social", new[] { "instagram_manage_insights" })] // Instagram's: Facebook still syncs
    [InlineData("ga4", new string[0])]
    public async Task A_credential_with_what_the_sync_needs_connects_as_before(string provider, string[] lacks)
    {
        var admin = await ApiUser.RegisterAsync(app, $"has-{provider}");

        var (status, title) = await ConnectAsync(admin, provider, new { lacks });
        await admin.WaitForIdleAsync();

        Assert.True(status == HttpStatusCode.OK, title);
        Assert.Equal("Healthy", (await admin.ConnectorAsync(provider)).State);
    }

    [Fact]
    public async Task A_page_token_without_instagrams_permissions_connects_syncs_facebook_and_says_what_instagram_lacked()
    {
        var admin = await ApiUser.RegisterAsync(app, "lacks-instagram");

        var (status, title) = await ConnectAsync(admin, "social", new { lacks = new[] { "instagram_manage_insights" } });
        await admin.WaitForIdleAsync();
        var connector = await admin.ConnectorAsync("social");
        var streams = await app.InWorkspaceAsync(admin, db => Task.FromResult(db.SourceRecords.Select(r => r.Stream).Distinct().ToList()));

        Assert.True(status == HttpStatusCode.OK, title);
        Assert.Equal("Healthy", connector.State);
        Assert.StartsWith("Instagram was not synced: ", connector.Notice);
        Assert.Contains("instagram_manage_insights", connector.Notice);
        Assert.Contains("page_insights", streams);
        Assert.DoesNotContain("instagram_insights", streams);
    }

    [Theory]
    [InlineData("meta", "")]
    [InlineData("social", " or a Page token got with one (it does not expire)")]
    public async Task A_token_that_dies_within_hours_is_refused_saying_when_and_what_to_use(string provider, string instead)
    {
        var admin = await ApiUser.RegisterAsync(app, $"short-{provider}");

        var (status, title) = await ConnectAsync(admin, provider, new { tokenExpiresInMinutes = 90 });
        var (lasting, lastingTitle) = await ConnectAsync(admin, provider, new { tokenExpiresInMinutes = 60 * 24 * 60 });
        await admin.WaitForIdleAsync();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Matches(@"this token expires at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: it is a short-lived token", title);
        Assert.Contains($"Use a system user token (Business Settings → Users → System users → Generate new token, expiry Never){instead}, then reconnect", title);
        // A long-lived token (60 days) is accepted: it is the token's owner who renews it.
        Assert.True(lasting == HttpStatusCode.OK, lastingTitle);
    }

    [Theory]
    [InlineData("mailchimp", "Mailchimp refused the connection: Mailchimp refused this API key: ", "create one in Profile → Extras → API keys → Create A Key")]
    [InlineData("zendesk", "Zendesk refused the connection: Zendesk refused the credentials (401", "create a token in Admin Center → Apps and integrations → APIs → API tokens → Add API token")]
    public async Task A_refused_key_is_answered_with_where_to_create_one(string provider, string start, string where)
    {
        var admin = await ApiUser.RegisterAsync(app, $"refused-{provider}");

        var (status, title) = await ConnectAsync(admin, provider, new { tokenExpired = true });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(start, title);
        Assert.Contains(where, title);
    }

    private static async Task<(HttpStatusCode Status, string Title)> ConnectAsync(ApiUser admin, string provider, object sandboxFaults)
    {
        var response = await admin.Client.PutAsJsonAsync($"api/work/connectors/{provider}",
            new { useSandbox = true, schedule = "Manual", sandboxHistoryDays = 3, sandboxFaults });
        var body = await response.Content.ReadAsStringAsync();
        var title = response.IsSuccessStatusCode ? body : JsonDocument.Parse(body).RootElement.GetProperty("title").GetString()!;
        return (response.StatusCode, title);
    }
}
