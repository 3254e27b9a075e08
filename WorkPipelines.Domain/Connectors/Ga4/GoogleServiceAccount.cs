using System.Runtime.CompilerServices;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Http;
using Google.Apis.Json;

namespace WorkPipelines.Domain.Connectors.Ga4;

/// <summary>
/// A GA4 connection's access: a service account's JSON key, which lasts until someone deletes it (Google Cloud console →
/// IAM &amp; Admin → Service accounts → Keys → Add key → JSON; the account's client_email added as a Viewer of the GA4
/// property). Google's own client (Google.Apis.Auth) signs the JWT and exchanges it for one-hour access tokens with the
/// JWT bearer grant (https://developers.google.com/identity/protocols/oauth2/service-account#httprest), and asks again
/// before one expires, so a sync of any length and a sync a week later both work. Its requests go through the
/// connection's own HTTP client (outbound policy, retries).
/// </summary>
public static class GoogleServiceAccount
{
    public const string KeyField = "serviceAccountKey";

    /// <summary>The only scope the Data API's runReport and metadata need (https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/properties/runReport#authorization-scopes).</summary>
    public const string Scope = "https://www.googleapis.com/auth/analytics.readonly";

    // Google's token endpoint (https://developers.google.com/identity/protocols/oauth2/service-account#httprest). The key
    // file's own token_uri is ignored: it comes from a pasted file, and a real connection calls Google and nobody else.
    private static readonly Uri GoogleTokenEndpoint = new("https://oauth2.googleapis.com/token");
    private const string GoogleApiHost = "analyticsdata.googleapis.com";

    // The error codes a token endpoint answers with (RFC 6749 §5.2); anything else did not come from one.
    private static readonly HashSet<string> OAuthErrors =
        ["invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope"];

    private static readonly ConditionalWeakTable<ConnectorSession, ServiceAccountCredential> Credentials = new();

    /// <summary>A bearer token for this session: from the service-account key, or the grant of a connection made by signing in with Google.</summary>
    public static async Task<string> AccessTokenAsync(ConnectorSession session, CancellationToken cancellationToken)
    {
        // Signed in with Google (refreshed when due), or an access token pasted before keys.
        if (!session.HasCredential(KeyField)) return await session.AccessTokenAsync(cancellationToken);
        var credential = Credentials.GetValue(session, Create);
        try
        {
            return await credential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException || ex is TokenResponseException { Error.Error: var code } && !OAuthErrors.Contains(code ?? ""))
        {
            // Something answered that is not Google's token service (an HTML page, a proxy): say so, never repeat it.
            throw new ConnectorDataException($"the server did not answer like {session.ProviderTitle}'s API (its token service answered something other than a token)");
        }
        catch (TokenResponseException ex) when ((int?)ex.StatusCode is >= 400 and < 500)
        {
            // invalid_grant: the key was deleted or the account disabled; invalid_scope, unauthorized_client: not allowed.
            throw new ConnectorAuthException($"Google refused the service account key ({ex.Error?.Error}: {Shorten(ex.Error?.ErrorDescription)}). " +
                "The key may have been deleted or its service account disabled: create a new JSON key and reconnect.");
        }
        catch (TokenResponseException ex)
        {
            throw new ConnectorUnavailableException($"Google's token service answered {(int?)ex.StatusCode}; trying again later");
        }
    }

    /// <summary>The problem with a pasted key, in words, or null when it is a service account's key Google's client can use.</summary>
    public static string? Problem(string keyFile)
    {
        try
        {
            Parse(keyFile);
            return null;
        }
        catch (ConnectorAuthException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The service account's email (client_email) of this session's key, or null for a connection made with a token.</summary>
    public static string? ClientEmail(ConnectorSession session) =>
        session.HasCredential(KeyField) ? Parse(session.Credential(KeyField)).ClientEmail : null;

    private static ServiceAccountCredential Create(ConnectorSession session)
    {
        var key = Parse(session.Credential(KeyField));
        // An imitation of Google (this app's sandbox, a staging double) serves the token endpoint beside the API.
        var tokenEndpoint = session.BaseUrl.Host == GoogleApiHost ? GoogleTokenEndpoint : new Uri(session.BaseUrl, "token");
        return new ServiceAccountCredential(new ServiceAccountCredential.Initializer(key.ClientEmail, tokenEndpoint.AbsoluteUri)
        {
            Scopes = [Scope],
            KeyId = key.PrivateKeyId,
            HttpClientFactory = new ThroughSession(session.Http),
            Clock = new SessionClock(session.Time),
            // The session's client already retries what is worth retrying.
            DefaultExponentialBackOffPolicy = Google.Apis.Http.ExponentialBackOffPolicy.None,
        }.FromPrivateKey(key.PrivateKey));
    }

    private static JsonCredentialParameters Parse(string keyFile)
    {
        const string Expected = "Service account key must be the whole JSON key file of a Google Cloud service account " +
            "(it starts with {\"type\": \"service_account\" and holds client_email and private_key)";
        JsonCredentialParameters? key;
        try
        {
            key = NewtonsoftJsonSerializer.Instance.Deserialize<JsonCredentialParameters>(keyFile);
        }
        catch (Newtonsoft.Json.JsonException)
        {
            throw new ConnectorAuthException(Expected + "; this is not JSON.");
        }
        if (key?.Type != JsonCredentialParameters.ServiceAccountCredentialType)
            throw new ConnectorAuthException(Expected + $"; this one's type is '{Shorten(key?.Type)}'.");
        if (string.IsNullOrWhiteSpace(key.ClientEmail) || string.IsNullOrWhiteSpace(key.PrivateKey))
            throw new ConnectorAuthException(Expected + "; this one lacks client_email or private_key.");
        try
        {
            _ = new ServiceAccountCredential.Initializer(key.ClientEmail).FromPrivateKey(key.PrivateKey);
        }
        catch (Exception ex) when (ex is not OperationCanceledException) // whatever a pasted PEM's parser throws
        {
            throw new ConnectorAuthException(Expected + "; its private_key is not a readable RSA key.");
        }
        return key;
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length > 120 ? text[..120] + "…" : text;

    /// <summary>Google's client sends through the connection's HTTP client.</summary>
    private sealed class ThroughSession(HttpClient http) : HttpClientFactory
    {
        protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args) => new Forward(http);

        private sealed class Forward(HttpClient http) : HttpMessageHandler
        {
            // Google's own HttpClient has marked the request as sent; the connection's client sends a copy of it.
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                using var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content, Version = request.Version };
                foreach (var (name, values) in request.Headers) copy.Headers.TryAddWithoutValidation(name, values);
                return await http.SendAsync(copy, cancellationToken);
            }
        }
    }

    /// <summary>Google's client tells token expiry by the app's clock.</summary>
    private sealed class SessionClock(TimeProvider time) : Google.Apis.Util.IClock
    {
        public DateTime Now => time.GetLocalNow().DateTime;
        public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
    }
}
