using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Connectors;

[Collection(BrowserCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class ConnectorsBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task Admin_connects_a_sandbox_source_syncs_it_and_watches_the_card_turn_healthy()
    {
        var page = await app.NewPageAsync();
        await page.RegisterAsync("owner");

        await page.GotoAsync("connectors");
        await page.WaitInteractiveAsync();
        var card = page.GetByTestId("connector-stripe");
        await Expect(card.GetByTestId("connector-state")).ToHaveTextAsync("Not connected");
        await page.ScreenshotAsync("laptop-connectors-empty");

        await card.GetByTestId("connect").ClickAsync();
        await page.GetByTestId("connect-submit").ClickAsync();
        await Expect(card.GetByTestId("connector-state")).ToHaveTextAsync("Healthy", new() { Timeout = 60_000 });
        var firstCount = await RecordsAsync(card);
        Assert.True(firstCount > 0, "the first sync brought no records");

        // An incremental sync of a small sandbox can finish before the card is looked at: slow the sandbox so
        // "Syncing" is on screen long enough to be seen (it failed CI once, already Healthy again).
        var slow = await page.SendApiAsync("PUT", "api/work/connectors/stripe/sandbox-faults", new { latencyMs = 1_500 });
        Assert.True(slow.Ok, $"setting sandbox latency answered {slow.Status}");
        await card.GetByTestId("sync-now").ClickAsync();
        await Expect(card.GetByTestId("connector-state")).ToHaveTextAsync("Syncing", new() { Timeout = 10_000 });
        await page.ScreenshotAsync("laptop-connectors-syncing");
        await Expect(card.GetByTestId("connector-state")).ToHaveTextAsync("Healthy", new() { Timeout = 60_000 });
        Assert.Equal(firstCount, await RecordsAsync(card)); // a rerun upserts: same records, no duplicates
        await page.ScreenshotAsync("laptop-connectors-healthy");
    }

    [Fact]
    public async Task Connect_form_with_own_credentials_validates_and_reports_a_refused_key()
    {
        var page = await app.NewPageAsync();
        await page.RegisterAsync("careful");
        await page.GotoAsync("connectors");
        await page.WaitInteractiveAsync();
        var card = page.GetByTestId("connector-stripe");

        await card.GetByTestId("connect").ClickAsync();
        await page.GetByText("Use my Stripe account").ClickAsync();
        await page.GetByTestId("connect-submit").ClickAsync();
        await Expect(page.GetByText("Secret API key is required")).ToBeVisibleAsync();
        await page.ScreenshotAsync("laptop-connect-validation");

        // No address to type: the form says which host it calls.
        await Expect(page.GetByLabel("API address")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("connect-host")).ToContainTextAsync("api.stripe.com");
        await page.GetByLabel("Secret API key").FillAsync("sk_test_not_a_real_key");
        await page.GetByTestId("connect-submit").ClickAsync();
        await Expect(page.GetByTestId("connect-error")).ToContainTextAsync("Stripe refused the connection: Stripe refused the API key (HTTP 401");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(card.GetByTestId("connector-state")).ToHaveTextAsync("Not connected");
    }

    [Theory]
    [InlineData(1280, 800, "laptop")]
    [InlineData(390, 844, "phone")]
    public async Task The_ga4_form_takes_a_service_account_key_file_and_says_what_is_wrong_with_another_file(int width, int height, string device)
    {
        var page = await OwnAccountFormAsync(width, height, "ga4form" + device, "ga4", "Google Analytics 4");
        await Expect(page.GetByTestId("connect-host")).ToContainTextAsync("oauth2.googleapis.com");
        // No Google OAuth app is configured here: the form says which settings would offer "Connect with Google".
        await Expect(page.GetByTestId("connect-with-off")).ToContainTextAsync("OAuth:Google:ClientId");
        await page.GetByLabel("Property ID").FillAsync("123456789");
        // An OAuth client's file, the one people download by mistake.
        await page.GetByLabel("Service account key (JSON)").FillAsync("""{"type": "authorized_user", "client_id": "x", "client_secret": "y", "refresh_token": "z"}""");
        await page.GetByTestId("connect-submit").ClickAsync();

        await Expect(page.GetByText("this one's type is 'authorized_user'")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("connect-error")).ToHaveCountAsync(0); // refused on the form, before any call
        await page.ScreenshotAsync($"{device}-connect-ga4-key");
    }

    [Theory]
    [InlineData(1280, 800, "laptop")]
    [InlineData(390, 844, "phone")]
    public async Task Connect_with_google_signs_in_at_the_sandboxs_consent_page_and_comes_back_connected(int width, int height, string device)
    {
        var page = await app.NewPageAsync(width, height);
        await page.RegisterAsync("signin" + device);
        await page.GotoAsync("connectors");
        await page.WaitInteractiveAsync();

        await page.GetByTestId("connector-ga4").GetByTestId("connect").ClickAsync();
        await page.ScreenshotAsync($"{device}-connect-ga4-sandbox");
        await page.GetByTestId("connect-with-sandbox").ClickAsync();

        // Google's consent page, as the sandbox plays it; then back to the app through OpenIddict's callback.
        await Expect(page.GetByText("wants to access your Google Account")).ToBeVisibleAsync();
        await page.ScreenshotAsync($"{device}-connect-ga4-consent");
        await page.GetByTestId("sandbox-allow").ClickAsync();

        await page.WaitForURLAsync("**/connectors?connected=ga4");
        await page.WaitInteractiveAsync();
        await Expect(page.GetByText("Google Analytics 4 connected; the first sync has started.")).ToBeVisibleAsync();
        var card = page.GetByTestId("connector-ga4");
        // Connected with the grant and syncing (two years of sandbox history take a while on a loaded machine).
        await Expect(card.GetByTestId("connector-state")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Syncing|Healthy)$"), new() { Timeout = 30_000 });
        await Expect(card).ToContainTextAsync("Sandbox data");
        await page.ScreenshotAsync($"{device}-connect-ga4-signed-in");
    }

    [Theory]
    [InlineData(1280, 800, "laptop")]
    [InlineData(390, 844, "phone")]
    public async Task The_shopify_form_offers_a_dev_dashboard_app_or_a_legacy_token_and_checks_only_the_chosen_ways_fields(int width, int height, string device)
    {
        var page = await OwnAccountFormAsync(width, height, "shopifyform" + device, "shopify", "Shopify");
        // The recommended way first, with where to make the app and which scopes.
        await Expect(page.GetByTestId("connect-guide")).ToContainTextAsync("Dev Dashboard");
        await Expect(page.GetByTestId("connect-guide")).ToContainTextAsync("read_orders");
        // Connect with Shopify is offered under the shop domain where an operator configured the app; here it says how.
        await Expect(page.GetByTestId("connect-with-off")).ToContainTextAsync("OAuth:Shopify:ClientId");
        await page.GetByTestId("connect-submit").ClickAsync();
        await Expect(page.GetByText("Client secret is required")).ToBeVisibleAsync();
        await Expect(page.GetByText("Admin API access token is required")).ToHaveCountAsync(0);

        await page.GetByTestId("method-accessToken").ClickAsync();
        await Expect(page.GetByLabel("Client ID", new() { Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("connect-guide")).ToContainTextAsync("Develop apps");
        await page.GetByLabel("Admin API access token", new() { Exact = true }).FillAsync("shpat_legacy");
        await page.ScreenshotAsync($"{device}-connect-shopify-token");

        await page.GetByTestId("method-clientCredentials").ClickAsync();
        // The chosen way's fields come back from the server: type once they are there, not into the ones they replace.
        await Expect(page.GetByLabel("Client ID", new() { Exact = true })).ToBeVisibleAsync();
        await page.GetByLabel("Shop domain", new() { Exact = true }).FillAsync("acme.myshopify.com");
        await page.GetByLabel("Client ID", new() { Exact = true }).FillAsync("0123456789abcdef0123456789abcdef");
        await page.GetByLabel("Client secret", new() { Exact = true }).FillAsync("not-the-secret");
        await page.GetByTestId("connect-submit").ClickAsync();
        await Expect(page.GetByTestId("connect-error")).ToContainTextAsync(
            "Shopify refused the connection: Shopify refused the client ID and secret (invalid_client): copy both again from the Dev Dashboard → your app → Settings",
            new() { Timeout = 15_000 }); // the first token request of the process loads the OAuth client
        await page.ScreenshotAsync($"{device}-connect-shopify-app");
    }

    [Theory]
    [InlineData(1280, 800, "laptop")]
    [InlineData(390, 844, "phone")]
    public async Task The_stripe_form_asks_for_a_restricted_key_and_lists_its_read_permissions(int width, int height, string device)
    {
        var page = await OwnAccountFormAsync(width, height, "stripeform" + device, "stripe", "Stripe");

        await Expect(page.GetByTestId("connect-methods")).ToHaveCountAsync(0); // one way only: no choice to make
        await Expect(page.GetByTestId("connect-guide")).ToContainTextAsync("Create restricted key");
        await Expect(page.GetByTestId("connect-guide")).ToContainTextAsync("Customers, Charges, Refunds");
        await page.ScreenshotAsync($"{device}-connect-stripe");
    }

    [Theory]
    [InlineData(1280, 800, "laptop", "meta", "Meta Ads", "ads_read")]
    [InlineData(390, 844, "phone", "meta", "Meta Ads", "ads_read")]
    [InlineData(1280, 800, "laptop", "social", "Facebook & Instagram", "read_insights")]
    [InlineData(390, 844, "phone", "social", "Facebook & Instagram", "read_insights")]
    public async Task The_meta_forms_say_to_use_a_system_user_token_and_which_permissions(int width, int height, string device, string provider, string title, string permission)
    {
        var page = await OwnAccountFormAsync(width, height, provider + "form" + device, provider, title);

        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("System users");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync(permission);
        await page.ScreenshotAsync($"{device}-connect-{provider}");
    }

    /// <summary>A new user's Connectors page at this size, with the provider's connect form open on "Use my … account".</summary>
    private async Task<IPage> OwnAccountFormAsync(int width, int height, string user, string provider, string title)
    {
        var page = await app.NewPageAsync(width, height);
        await page.RegisterAsync(user);
        await page.GotoAsync("connectors");
        await page.WaitInteractiveAsync();
        await page.GetByTestId($"connector-{provider}").GetByTestId("connect").ClickAsync();
        await page.GetByText($"Use my {title} account").ClickAsync();
        return page;
    }

    [Theory]
    [InlineData(1280, 800, "laptop", "mailchimp", "Mailchimp", "OAuth:Mailchimp:ClientId")]
    [InlineData(390, 844, "phone", "mailchimp", "Mailchimp", "OAuth:Mailchimp:ClientId")]
    [InlineData(1280, 800, "laptop", "zendesk", "Zendesk", "OAuth:Zendesk:Subdomain")]
    [InlineData(390, 844, "phone", "zendesk", "Zendesk", "OAuth:Zendesk:Subdomain")]
    public async Task Connect_with_mailchimp_or_zendesk_offers_the_sign_in_first_and_comes_back_connected(int width, int height, string device, string provider,
        string title, string setting)
    {
        var page = await OwnAccountFormAsync(width, height, "signin" + provider + device, provider, title);
        // Nothing to ask before signing in: the section opens the form, above the first field, and names the missing settings.
        var section = page.GetByTestId("connect-with-section");
        await Expect(page.GetByTestId("connect-with-off")).ToContainTextAsync(setting);
        var firstField = page.Locator(".mud-dialog form .mud-input-control").First;
        Assert.True((await section.BoundingBoxAsync())!.Y < (await firstField.BoundingBoxAsync())!.Y, "the sign-in section should come before the fields");
        await page.ScreenshotAsync($"{device}-connect-{provider}-account");

        await page.GetByTestId("use-sandbox").ClickAsync();
        await Expect(page.GetByTestId("connect-with-sandbox")).ToContainTextAsync($"Sign in with {title} (sandbox)");
        await page.ScreenshotAsync($"{device}-connect-{provider}-sandbox");
        await page.GetByTestId("connect-with-sandbox").ClickAsync();

        await Expect(page.GetByText($"wants to access your {title} account")).ToBeVisibleAsync();
        await page.ScreenshotAsync($"{device}-connect-{provider}-consent");
        await page.GetByTestId("sandbox-allow").ClickAsync();

        await page.WaitForURLAsync($"**/connectors?connected={provider}");
        await page.WaitInteractiveAsync();
        var card = page.GetByTestId($"connector-{provider}");
        await Expect(card.GetByTestId("connector-state")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Syncing|Healthy)$"), new() { Timeout = 30_000 });
        await page.ScreenshotAsync($"{device}-connect-{provider}-signed-in");
    }

    [Theory]
    [InlineData(1280, 800, "laptop", "meta", "Meta Ads")]
    [InlineData(390, 844, "phone", "social", "Facebook & Instagram")]
    public async Task Connect_with_facebook_comes_after_the_id_it_needs_and_comes_back_connected(int width, int height, string device, string provider, string title)
    {
        var page = await OwnAccountFormAsync(width, height, "signinfb" + provider + device, provider, title);
        // The ad account or Page is asked first: the sign-in section sits under it, above the token it replaces.
        await Expect(page.GetByTestId("connect-with-off")).ToContainTextAsync("OAuth:Facebook:ClientId");
        var fields = page.Locator(".mud-dialog form .mud-input-control");
        var section = (await page.GetByTestId("connect-with-section").BoundingBoxAsync())!.Y;
        Assert.True((await fields.First.BoundingBoxAsync())!.Y < section && section < (await fields.Nth(1).BoundingBoxAsync())!.Y,
            "the sign-in section should sit between the id and the token");
        await page.ScreenshotAsync($"{device}-connect-{provider}-account");

        await page.GetByTestId("use-sandbox").ClickAsync();
        await Expect(page.GetByTestId("connect-with-sandbox")).ToContainTextAsync("Sign in with Facebook (sandbox)");
        await page.GetByTestId("connect-with-sandbox").ClickAsync();
        await Expect(page.GetByText("wants to access your Facebook account")).ToBeVisibleAsync();
        await page.ScreenshotAsync($"{device}-connect-{provider}-consent");
        await page.GetByTestId("sandbox-allow").ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/connectors\\?connected={provider}$"));
        await page.WaitInteractiveAsync();
        var card = page.GetByTestId($"connector-{provider}");
        await Expect(card.GetByTestId("connector-state")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Syncing|Healthy)$"), new() { Timeout = 30_000 });
        await page.ScreenshotAsync($"{device}-connect-{provider}-signed-in");
    }

    private static async Task<long> RecordsAsync(ILocator card) =>
        long.Parse((await card.GetByTestId("records-synced").InnerTextAsync()).Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
}
