using WorkPipelines.Domain.Connectors.Graph;

namespace WorkPipelines.Domain.Connectors.Meta;

/// <summary>
/// Meta Ads through the Marketing API's insights edge: spend, delivery and purchases per campaign
/// per day. Credentials: the ad account id (<c>act_…</c>) and an access token.
/// </summary>
public sealed class MetaConnector : IConnector
{
    public const string Key = "meta";

    private readonly GraphApi _graph;

    public MetaConnector(TimeProvider time)
    {
        _graph = new GraphApi(time, ApiVersions.MetaMarketing);
        Streams = [new MetaInsightsStream(_graph, time)];
    }

    public string Provider => Key;

    public IReadOnlyList<IConnectorStream> Streams { get; }

    public async Task VerifyAsync(ConnectorSession session, CancellationToken cancellationToken) =>
        await _graph.GetAsync<GraphNode>(session, session.Credential("accessToken"),
            $"{Uri.EscapeDataString(session.Credential("adAccountId"))}?fields=id,name,account_status,currency", cancellationToken);
}
