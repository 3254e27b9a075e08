namespace WorkPipelines.Domain.Connectors.OAuth;

/// <summary>
/// The deployment's OAuth apps, one per provider (<c>OAuth:Google:ClientId</c>, <c>OAuth:Google:ClientSecret</c>, …). A
/// provider whose app is not configured offers no "Connect with …" and its pasted credentials still work.
/// </summary>
public sealed class OAuthOptions
{
    public const string Section = "OAuth";

    public OAuthApp Google { get; set; } = new();

    /// <summary>
    /// Also offer "Connect with …" against this app's sandbox, whose sign-in and token endpoints speak the provider's
    /// format: the whole flow without a provider account (Development and tests; never on in Production).
    /// </summary>
    public bool Sandbox { get; set; }

    public OAuthApp AppOf(OAuthProvider provider) => provider.App switch
    {
        "Google" => Google,
        _ => new(),
    };
}

public sealed class OAuthApp
{
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);
}

/// <summary>A provider that can be connected by signing in with its OAuth app.</summary>
/// <param name="Connector">The provider key of the connection it makes (<see cref="ProviderCatalog"/>).</param>
/// <param name="App">The OAuth app's name in configuration and OpenIddict's provider name ("Google").</param>
/// <param name="Scopes">What the sign-in asks for: exactly what the connector reads.</param>
/// <param name="Fields">The connection's other fields, asked before signing in (the GA4 property).</param>
/// <param name="TokenFields">The credential fields the grant's tokens replace.</param>
public sealed record OAuthProvider(string Connector, string App, IReadOnlyList<string> Scopes, IReadOnlyList<string> Fields, IReadOnlyList<string> TokenFields)
{
    /// <summary>The OpenIddict registration that signs in at the sandbox instead of the provider.</summary>
    public string SandboxRegistration => "sandbox-" + App.ToLowerInvariant();

    /// <summary>Where the provider sends the browser back, relative to the app's root: what an operator registers with the provider.</summary>
    public string CallbackPath(bool sandbox) => $"connectors/oauth/callback/{(sandbox ? SandboxRegistration : App.ToLowerInvariant())}";

    public string SettingPrefix => $"{OAuthOptions.Section}:{App}";
}

public static class OAuthProviders
{
    /// <summary>
    /// Google: the only scope the Data API's runReport and getMetadata need
    /// (https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/properties/runReport#authorization-scopes).
    /// </summary>
    public static IReadOnlyList<OAuthProvider> All { get; } =
    [
        new(Ga4.Ga4Connector.Key, "Google", [Ga4.GoogleServiceAccount.Scope], ["propertyId"], [Ga4.GoogleServiceAccount.KeyField]),
    ];

    public static OAuthProvider? For(string connector) => All.FirstOrDefault(p => p.Connector.Equals(connector, StringComparison.OrdinalIgnoreCase));
}
