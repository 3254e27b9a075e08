using WorkPipelines.Domain.Connectors.Graph;

namespace WorkPipelines.Domain.Connectors.Social;

/// <summary>
/// The Instagram professional account connected to the Page, found once per sync with the Page token:
/// <c>GET {page}?fields=instagram_business_account{id,username,followers_count,media_count}</c>. The field is absent
/// when no Instagram account is connected to the Page; then the Instagram streams read nothing and <see cref="Notice"/>
/// says why, in words, on the healthy connection.
/// </summary>
/// <remarks>
/// Sources (checked 2026-12): the Page node's <c>instagram_business_account</c> field and the IG User fields
/// <c>id, username, followers_count, media_count</c> are in Meta's own field lists, facebook-nodejs-business-sdk 26.0.0
/// <c>src/objects/page.js</c> and <c>src/objects/ig-user.js</c> (read, not copied: Facebook Platform License); the lookup,
/// its answer <c>{"instagram_business_account":{"id":…},"id":…}</c> and its permissions (instagram_basic, pages_show_list)
/// are on https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/page
/// ("Getting a Page's IG User"); the nested <c>{…}</c> is Graph field expansion
/// (https://developers.facebook.com/docs/graph-api/guides/field-expansion).
/// </remarks>
internal sealed class InstagramAccount(GraphApi graph)
{
    internal sealed record PageNode(string Id, IgUser? InstagramBusinessAccount);

    internal sealed record IgUser(string Id, string? Username, long? FollowersCount, long? MediaCount);

    private bool _looked;
    private IgUser? _user;

    /// <summary>Why Instagram was not synced, or null when it was (or has not been looked at).</summary>
    public string? Notice { get; private set; }

    /// <summary>The connected account, or null (and a <see cref="Notice"/>) when there is none or the token may not read it.</summary>
    public async Task<IgUser?> FindAsync(ConnectorSession session, CancellationToken cancellationToken)
    {
        if (_looked) return _user;
        var page = session.Credential("pageId");
        var node = await ReadAsync(session, $"{Uri.EscapeDataString(page)}?fields={Uri.EscapeDataString("instagram_business_account{id,username,followers_count,media_count}")}",
            (GraphApi g, string token, string query) => g.GetAsync<PageNode>(session, token, query, cancellationToken));
        _looked = true;
        _user = node?.InstagramBusinessAccount;
        if (node is not null && _user is null)
            Notice = $"No Instagram numbers were synced: the Facebook Page {page} has no Instagram professional account connected. " +
                     "Connect one to the Page (Meta Business Suite → Settings → Instagram accounts) and sync again.";
        return _user;
    }

    /// <summary>
    /// An Instagram call that Meta refuses for want of a permission ends the Instagram streams with a notice instead of
    /// failing the Facebook ones: a Page token granted before Instagram was added may lack instagram_basic or
    /// instagram_manage_insights. Returns null then.
    /// </summary>
    public async Task<T?> ReadAsync<T>(ConnectorSession session, string pathAndQuery, Func<GraphApi, string, string, Task<T>> call) where T : class
    {
        try
        {
            return await call(graph, session.Credential("accessToken"), pathAndQuery);
        }
        catch (GraphPermissionException ex)
        {
            Notice = $"Instagram was not synced: {ex.Message}. The Page access token needs {SocialConnector.InstagramPermissions}; " +
                     "reconnect with a token that has them.";
            _looked = true;
            _user = null;
            return null;
        }
    }
}
