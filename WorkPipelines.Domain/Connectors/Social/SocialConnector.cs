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

    private readonly GraphApi _graph;
    private readonly InstagramAccount _instagram;

    public SocialConnector(TimeProvider time)
    {
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

    public async Task VerifyAsync(ConnectorSession session, CancellationToken cancellationToken) =>
        await _graph.GetAsync<GraphNode>(session, session.Credential("accessToken"),
            $"{Uri.EscapeDataString(session.Credential("pageId"))}?fields=id,name", cancellationToken);

    /// <summary>A connector serves one sync, so what its Instagram streams found is this sync's.</summary>
    public async Task<string?> CoverageNoticeAsync(ConnectorSession session, CancellationToken cancellationToken)
    {
        // A sync of a Facebook stream alone has not looked: look, so the notice stays true.
        await _instagram.FindAsync(session, cancellationToken);
        return _instagram.Notice;
    }
}
