using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Serialization;

namespace WorkPipelines.Domain.Connectors.Zendesk;

/// <summary>
/// Zendesk Support: tickets created, solved and rated, and first reply times (minutes and a count of 1 per replied ticket),
/// all from the cursor-based incremental ticket export with its metric sets. The export is allowed for admins only
/// (developer.zendesk.com "Incremental Ticket Export, Cursor Based": Allowed For Admins): the connection is an admin's
/// email and API token.
/// </summary>
public sealed class ZendeskConnector : IConnector
{
    public const string Key = "zendesk";

    /// <summary>
    /// Where an admin makes an API token: Admin Center → Apps and integrations → APIs → API tokens → Add API token, after
    /// turning on "Allow API token access" under APIs → API configuration (support.zendesk.com "Managing API token access to the
    /// Zendesk API", 226022787, and "Turning on and off API access", 8662004958746).
    /// </summary>
    public const string WhereToCreate =
        "Admin Center → Apps and integrations → APIs → API tokens → Add API token (turn on token access under APIs → API configuration first)";

    public string Provider => Key;

    public IReadOnlyList<IConnectorStream> Streams { get; } = [new ZendeskTicketsStream()];

    public async Task VerifyAsync(ConnectorSession session, CancellationToken cancellationToken)
    {
        using var request = await ZendeskCalls.GetAsync(session, "api/v2/users/me.json", cancellationToken);
        var signedIn = session.Grant is not null;
        MeResponse me;
        try
        {
            me = await ConnectorHttp.SendAsync<MeResponse>(session, request, cancellationToken);
        }
        catch (ConnectorAuthException ex)
        {
            throw new ConnectorAuthException(signedIn
                ? $"{ex.Message}: Zendesk refused the sign-in's token; reconnect, signing in as an admin"
                : $"{ex.Message}: check the admin's email and the API token, or create a token in {WhereToCreate}");
        }
        // Zendesk answers users/me for anyone; an unauthenticated caller is an anonymous user without an id.
        if (me.User?.Id is null)
            throw new ConnectorAuthException($"Zendesk did not recognise the email and API token (anonymous user): check the admin's email, or create a token in {WhereToCreate}");
        // An API token is the account's; the email decides whose rights it has. The incremental export is "Allowed For: Admins"
        // (developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/), and users/me says the role:
        // "end-user", "agent" or "admin" (developer.zendesk.com/api-reference/ticketing/users/users/, JSON format, role). An agent
        // with a custom role is still "agent", and is refused the export too: say so now, not as a 403 on the first sync.
        if (me.User.Role != "admin" && signedIn)
            throw new ConnectorAuthException(
                $"you signed in as {(me.User.Role is "agent" ? "an agent" : $"a user whose role is '{me.User.Role}'")}, not an admin; " +
                "Zendesk lets only admins use the incremental export that syncs tickets. Connect again, signing in to Zendesk as an admin");
        if (me.User.Role != "admin")
            throw new ConnectorAuthException(
                $"this email and token belong to {(me.User.Role is "agent" ? "an agent" : $"a user whose role is '{me.User.Role}'")}, not an admin; " +
                $"Zendesk lets only admins use the incremental export that syncs tickets. Connect with an admin's email and an API token from {WhereToCreate}");
    }

    private sealed record MeResponse(MeUser? User);

    private sealed record MeUser([property: JsonPropertyName("id")] long? Id, string? Role);
}

/// <summary>
/// Requests with a signed-in connection's OAuth access token, <c>Authorization: Bearer {token}</c> ("Creating and using OAuth
/// tokens with the API", developer.zendesk.com/documentation/authentication/creating-and-using-oauth-tokens-with-the-api), or
/// Zendesk's API-token basic auth: <c>{email}/token:{api_token}</c>.
/// </summary>
internal static class ZendeskCalls
{
    public static async Task<HttpRequestMessage> GetAsync(ConnectorSession session, string pathAndQuery, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(session.BaseUrl, pathAndQuery));
        request.Headers.Authorization = session.Grant is not null
            ? new AuthenticationHeaderValue("Bearer", await session.AccessTokenAsync(cancellationToken))
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{session.Credential("email")}/token:{session.Credential("apiToken")}")));
        return request;
    }

    public static DateOnly Day(DateTimeOffset moment) => DateOnly.FromDateTime(moment.UtcDateTime);
}
