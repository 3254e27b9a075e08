using WorkPipelines.Domain.Connectors.Graph;

namespace WorkPipelines.Domain.Connectors.Social;

/// <summary>
/// A Facebook Page and its connected Instagram professional account through the Graph API, with one Page access token:
/// the page's daily reach, engagement and followers, its published posts with their lifetime reach and engagement, and
/// the Instagram account's daily insights, followers and media with their insights. Credentials: the page id and a page
/// access token. A Page with no Instagram account (or a token without the Instagram permissions) syncs Facebook alone
/// and says so on the connection.
/// </summary>
public sealed class SocialConnector : IConnector
{
    public const string Key = "social";

    /// <summary>
    /// What the Instagram streams need besides the Page's own permissions: instagram_basic and pages_show_list to find the
    /// account (https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/page),
    /// instagram_manage_insights and pages_read_engagement for its insights
    /// (https://developers.facebook.com/docs/instagram-platform/api-reference/instagram-user/insights, "Permissions").
    /// </summary>
    public const string InstagramPermissions = "instagram_basic, instagram_manage_insights, pages_read_engagement and pages_show_list";

    /// <summary>
    /// What the Page's own streams need: read_insights and pages_read_engagement for its insights
    /// (https://developers.facebook.com/docs/platforminsights/page, Permissions) and pages_read_engagement for its published posts
    /// (https://developers.facebook.com/docs/graph-api/reference/page/published_posts/, Requirements). Meta lists pages_show_list for
    /// finding a Page, not for these reads, so it is asked for with Instagram's only.
    /// </summary>
    public static readonly string[] PagePermissions = ["pages_read_engagement", "read_insights"];

    /// <summary>What "Connect with Facebook" asks for: the Page's permissions and Instagram's (pages_show_list also lets the
    /// signed-in person's token get the Page's own, https://developers.facebook.com/docs/pages-api/getting-started, "Get a Page access token").</summary>
    public static readonly string[] SignInPermissions = [.. PagePermissions, "pages_show_list", "instagram_basic", "instagram_manage_insights"];

    /// <summary>Where a person adds them, for refusals and the form.</summary>
    public const string WhereToAdd =
        "generate a system user token in Business Settings → Users → System users (the system user assigned the Page under Assign assets) → Generate new token, " +
        "ask Graph for the Page's own token with it (GET /{page-id}?fields=access_token),";

    private readonly GraphApi _graph;
    private readonly InstagramAccount _instagram;
    private readonly TimeProvider _time;

    public SocialConnector(TimeProvider time)
    {
        _time = time;
        _graph = new GraphApi(time, ApiVersions.MetaGraph);
        _instagram = new InstagramAccount(_graph);
        Streams =
        [
            new SocialPageInsightsStream(_graph, time), new SocialPostsStream(_graph),
            new InstagramInsightsStream(_instagram, time), new InstagramMediaStream(_instagram),
        ];
    }

    public string Provider => Key;

    public IReadOnlyList<IConnectorStream> Streams { get; }

    /// <summary>
    /// The Page, then what the token says of itself when Meta lets it (a Page token has no <c>/me/permissions</c>: its
    /// <c>/me</c> is the Page): a short-lived token and a missing Page permission are refused by name. Missing Instagram
    /// permissions are not: Facebook syncs without them, and the sync says what Instagram lacked (<see cref="InstagramAccount"/>).
    /// </summary>
    public async Task VerifyAsync(ConnectorSession session, CancellationToken cancellationToken)
    {
        var token = session.Credential("accessToken");
        await _graph.GetAsync<GraphNode>(session, token, $"{Uri.EscapeDataString(session.Credential("pageId"))}?fields=id,name", cancellationToken);
        var self = await GraphToken.InspectAsync(_graph, session, token, cancellationToken);
        GraphToken.ThrowIfShortLived(self, _time, " or a Page token got with one (it does not expire)");
        if (self?.Scopes is { } scopes) GraphToken.ThrowIfLacking(scopes, PagePermissions, WhereToAdd);
    }

    /// <summary>
    /// Signed in with Facebook: the Page's own token, asked with the person's long-lived user token
    /// (<c>GET /{page-id}?fields=access_token</c>). A Page token got with a long-lived user token has no expiry date
    /// (https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived, "Get a long-lived Page access
    /// token"); Graph leaves the field out for someone who cannot perform a task on the Page
    /// (https://developers.facebook.com/documentation/business-sdk/common-scenarios/token-switch, Requirements).
    /// </summary>
    public async Task<OAuth.OAuthGrant> TradeSignInAsync(ConnectorSession session, OAuth.OAuthGrant signedIn, CancellationToken cancellationToken)
    {
        var pageId = session.Credential("pageId");
        var page = await _graph.GetAsync<PageToken>(session, signedIn.AccessToken, $"{Uri.EscapeDataString(pageId)}?fields=id,name,access_token", cancellationToken);
        if (page.AccessToken is not { Length: > 0 } token)
            throw new ConnectorAuthException($"the Facebook account you signed in with does not manage the Page {page.Name ?? pageId}: sign in as one of its admins " +
                                             "(or someone given a task on it in the Page's settings), then try again");
        return signedIn with { AccessToken = token, RefreshToken = null, RefreshAt = null };
    }

    private sealed record PageToken(string Id, string? Name, string? AccessToken);

    /// <summary>A connector serves one sync, so what its Instagram streams found is this sync's.</summary>
    public async Task<string?> CoverageNoticeAsync(ConnectorSession session, CancellationToken cancellationToken)
    {
        // A sync of a Facebook stream alone has not looked: look, so the notice stays true.
        await _instagram.FindAsync(session, cancellationToken);
        return _instagram.Notice;
    }
}
