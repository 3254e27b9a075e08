using WorkPipelines.Domain.Connectors.Graph;

namespace WorkPipelines.Domain.Connectors.Meta;

/// <summary>
/// Meta Ads through the Marketing API's insights edge: spend, delivery and purchases per campaign
/// per day. Credentials: the ad account id (<c>act_…</c>) and an access token.
/// </summary>
public sealed class MetaConnector : IConnector
{
    public const string Key = "meta";

    /// <summary>
    /// What the insights edge needs: "The ads_read permission" (https://developers.facebook.com/documentation/ads-commerce/marketing-api/insights,
    /// Before you begin; permission reference https://developers.facebook.com/docs/permissions).
    /// </summary>
    public static readonly string[] Permissions = ["ads_read"];

    /// <summary>Where a person adds them, for refusals and the form.</summary>
    public const string WhereToAdd =
        "generate a system user token in Business Settings → Users → System users (the system user assigned the ad account under Assign assets) → Generate new token";

    private readonly GraphApi _graph;
    private readonly TimeProvider _time;

    public MetaConnector(TimeProvider time)
    {
        _time = time;
        _graph = new GraphApi(time, ApiVersions.MetaMarketing);
        Streams = [new MetaInsightsStream(_graph, time)];
    }

    public string Provider => Key;

    public IReadOnlyList<IConnectorStream> Streams { get; }

    /// <summary>
    /// The token's lifetime (when Meta lets it tell), its permissions (a Marketing API token is a user's or a system user's,
    /// so <c>/me/permissions</c> answers), then the ad account: each failure named before the first sync.
    /// </summary>
    public async Task VerifyAsync(ConnectorSession session, CancellationToken cancellationToken)
    {
        var token = session.Credential("accessToken");
        GraphToken.ThrowIfShortLived(await GraphToken.InspectAsync(_graph, session, token, cancellationToken), _time, "");
        GraphToken.ThrowIfLacking(await GraphToken.GrantedAsync(_graph, session, token, cancellationToken), Permissions, WhereToAdd);
        await _graph.GetAsync<GraphNode>(session, token,
            $"{Uri.EscapeDataString(session.Credential("adAccountId"))}?fields=id,name,account_status,currency", cancellationToken);
    }
}
