using WorkPipelines.Domain.Connectors.Graph;

namespace WorkPipelines.Domain.Connectors.Social;

/// <summary>
/// A Facebook Page through the Graph API: the page's daily reach, engagement and followers, and
/// its published posts with their lifetime reach and engagement. Credentials: the page id and a
/// page access token.
/// </summary>
public sealed class SocialConnector : IConnector
{
    public const string Key = "social";

    private readonly GraphApi _graph;

    public SocialConnector(TimeProvider time)
    {
        _graph = new GraphApi(time, ApiVersions.MetaGraph);
        Streams = [new SocialPageInsightsStream(_graph, time), new SocialPostsStream(_graph)];
    }

    public string Provider => Key;

    public IReadOnlyList<IConnectorStream> Streams { get; }

    public async Task VerifyAsync(ConnectorSession session, CancellationToken cancellationToken) =>
        await _graph.GetAsync<GraphNode>(session, session.Credential("accessToken"),
            $"{Uri.EscapeDataString(session.Credential("pageId"))}?fields=id,name", cancellationToken);
}
