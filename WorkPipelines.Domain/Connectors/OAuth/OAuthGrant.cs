using System.Globalization;

namespace WorkPipelines.Domain.Connectors.OAuth;

/// <summary>
/// What a "Connect with …" sign-in left: an access token, the refresh token that gets the next one, and when to get it.
/// Kept in the connection's encrypted credentials beside its other fields, never anywhere else.
/// </summary>
/// <param name="Registration">The OpenIddict registration that issued it (the provider's app, or the sandbox's).</param>
/// <param name="RefreshAt">When to get a new access token: a minute before this one expires (halfway, for short-lived ones); null: it does not expire, or there is no refresh token.</param>
public sealed record OAuthGrant(string Registration, string AccessToken, string? RefreshToken, DateTimeOffset? RefreshAt)
{
    private const string RegistrationField = "oauthRegistration";
    private const string AccessTokenField = "accessToken";
    private const string RefreshTokenField = "refreshToken";
    private const string RefreshAtField = "accessTokenRefreshAt";

    /// <summary>The grant of a connection made by signing in; null for pasted credentials.</summary>
    public static OAuthGrant? From(IReadOnlyDictionary<string, string> credentials) =>
        credentials.TryGetValue(RegistrationField, out var registration) && credentials.TryGetValue(AccessTokenField, out var access)
            ? new(registration, access, credentials.GetValueOrDefault(RefreshTokenField),
                credentials.TryGetValue(RefreshAtField, out var at) ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) : null)
            : null;

    /// <summary>A grant from a token answer: <paramref name="expiresAt"/> as the provider said (expires_in), judged from <paramref name="now"/>.</summary>
    public static OAuthGrant Issued(string registration, string accessToken, string? refreshToken, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        // Without a refresh token there is nothing to refresh with: Mailchimp's tokens do not expire (its expires_in is 0).
        DateTimeOffset? refreshAt = expiresAt is { } end && refreshToken is not null
            ? end - TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, Math.Max(0, (end - now).Ticks / 2)))
            : null;
        return new(registration, accessToken, refreshToken, refreshAt);
    }

    public bool IsDue(DateTimeOffset now) => RefreshAt is { } at && now >= at && RefreshToken is not null;

    /// <summary>The credentials with this grant's fields written over the previous grant's.</summary>
    public Dictionary<string, string> WriteTo(IReadOnlyDictionary<string, string> credentials)
    {
        var written = credentials.Where(c => c.Key is not (RegistrationField or AccessTokenField or RefreshTokenField or RefreshAtField)).ToDictionary();
        written[RegistrationField] = Registration;
        written[AccessTokenField] = AccessToken;
        if (RefreshToken is not null) written[RefreshTokenField] = RefreshToken;
        if (RefreshAt is { } at) written[RefreshAtField] = at.ToString("O", CultureInfo.InvariantCulture);
        return written;
    }
}
