using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Client;
using OpenIddict.Client.AspNetCore;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.OAuth;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Web.Features.Connectors;

/// <summary>
/// "Connect with …": the browser leaves for the provider's sign-in with what the person chose (workspace, the
/// connection's other fields, schedule) sealed in OpenIddict's state token, and comes back to the callback, which connects
/// with the grant through <see cref="ConnectionService"/> like any connection. Both ends answer with a redirect to the
/// Connectors page, which says what happened: a browser is on them, not a script.
/// </summary>
public static class ConnectWithEndpoints
{
    private const string WorkspaceItem = "wp.workspace";
    private const string ProviderItem = "wp.provider";
    private const string FieldsItem = "wp.fields";
    private const string ScheduleItem = "wp.schedule";

    public static IEndpointRouteBuilder MapConnectWith(this IEndpointRouteBuilder app)
    {
        app.MapGet("/connectors/connect/{provider}/oauth", StartAsync).RequireAuthorization().ExcludeFromDescription();
        foreach (var path in OAuthProviders.CallbackPaths)
            app.MapMethods("/" + path, ["GET", "POST"], CallbackAsync).RequireAuthorization().ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    /// <summary>The address that starts the sign-in for a connection.</summary>
    /// <param name="reconnect">Sign in again for the existing connection, keeping its fields.</param>
    public static string StartUrl(string provider, Guid workspace, bool sandbox, IReadOnlyDictionary<string, string>? fields = null,
        SyncSchedule? schedule = null, bool reconnect = false)
    {
        var query = new Dictionary<string, string?> { ["workspace"] = workspace.ToString(), ["sandbox"] = sandbox ? "true" : null,
            ["schedule"] = schedule?.ToString(), ["reconnect"] = reconnect ? "true" : null };
        foreach (var (name, value) in fields ?? new Dictionary<string, string>()) query[name] = value;
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"/connectors/connect/{provider}/oauth", query.Where(q => q.Value is not null));
    }

    private static async Task<IResult> StartAsync(string provider, Guid? workspace, bool? sandbox, SyncSchedule? schedule, bool? reconnect,
        HttpContext http, WorkspaceResolver resolver, CurrentWorkspace current, ConnectionService connections, IOptions<OAuthOptions> options,
        IOptionsMonitor<OpenIddictClientOptions> client, ConnectNotes notes, CancellationToken cancellationToken)
    {
        if (OAuthProviders.For(provider) is not { } oauth || ProviderCatalog.Find(oauth.Connector) is not { } info)
            return Back(notes, error: $"There is no sign-in for '{provider}'; it is offered for {string.Join(", ", OAuthProviders.All.Select(p => ProviderCatalog.Find(p.Connector)!.Title))}.");
        if (await resolver.ResolveAsync(http.User.FindFirstValue(ClaimTypes.NameIdentifier)!, workspace, cancellationToken) is null || !current.IsAdmin)
            return Back(notes, error: ConnectionService.AdminOnly);

        var atSandbox = sandbox == true;
        var registration = atSandbox ? oauth.SandboxRegistration : oauth.App;
        if (client.CurrentValue.RegistrationsFor(oauth).All(r => (atSandbox ? r.RegistrationId : r.ProviderName) != registration))
            return Back(notes, error: atSandbox
                ? $"Signing in at the sandbox is off on this server ({OAuthOptions.Section}:Sandbox)."
                : $"Connect with {oauth.App} is not set up on this server: an operator sets {oauth.SettingNames} (see docs/connectors.md).");

        var fields = oauth.Fields.ToDictionary(f => f, f => http.Request.Query[f].ToString().Trim());
        if (reconnect == true && await connections.FieldsOfAsync(info.Key, oauth.Fields, cancellationToken) is { } kept) fields = kept;
        foreach (var field in info.Credentials.Where(f => oauth.Fields.Contains(f.Name)))
        {
            if (fields[field.Name] is not { Length: > 0 } value) return Back(notes, error: $"{info.Title} needs: {field.Label}.");
            if (field.Problem?.Invoke(value) is { } problem) return Back(notes, error: problem);
        }

        var chosen = client.CurrentValue.RegistrationsFor(oauth).First(r => atSandbox ? r.RegistrationId == registration : r.ProviderName == registration);
        var properties = new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictClientAspNetCoreConstants.Properties.RegistrationId] = chosen.RegistrationId,
            [WorkspaceItem] = current.WorkspaceId.ToString(),
            [ProviderItem] = oauth.Connector,
            [FieldsItem] = JsonSerializer.Serialize(fields),
            [ScheduleItem] = schedule?.ToString(),
        }) { RedirectUri = "/connectors" };
        // An app shared by connectors (Facebook's: Meta Ads, Facebook & Instagram) has no scopes of its own: each sign-in asks
        // for what its connector reads, or names the operator's Facebook Login for Business configuration, which says it.
        if (!atSandbox && options.Value.AppOf(oauth).ConfigIds.TryGetValue(oauth.Connector, out var configId) && configId.Trim() is { Length: > 0 } config)
            properties.SetParameter("config_id", config);
        else if (chosen.Scopes.Count == 0 && oauth.Scopes.Count > 0)
            properties.Items[OpenIddictClientAspNetCoreConstants.Properties.Scope] = string.Join(' ', oauth.Scopes);
        // Shopify's endpoints are the shop's own: its entry builds them from the shop name ("acme" of acme.myshopify.com).
        if (!atSandbox && oauth.Connector == Domain.Connectors.Shopify.ShopifyConnector.Key)
            properties.Items[OpenIddict.Client.WebIntegration.OpenIddictClientWebIntegrationConstants.Shopify.Properties.ShopName] =
                fields["shopDomain"].Split('.')[0];
        return Results.Challenge(properties, [OpenIddictClientAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static async Task<IResult> CallbackAsync(HttpContext http, WorkspaceResolver resolver, CurrentWorkspace current, ConnectionService connections,
        TimeProvider time, ConnectNotes notes, IOptions<OAuthOptions> options, OAuthGrants grants, ISandbox sandbox, CancellationToken cancellationToken)
    {
        var result = await http.AuthenticateAsync(OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
        IDictionary<string, string?> items = result.Properties?.Items ?? new Dictionary<string, string?>();
        if (Item(items, OpenIddictClientAspNetCoreConstants.Properties.Error) is { } error)
            return Back(notes, error: error == "access_denied"
                ? "The sign-in was cancelled, so nothing was connected."
                : $"The sign-in failed ({error}: {Item(items, OpenIddictClientAspNetCoreConstants.Properties.ErrorDescription)}); nothing was connected. Try again.");
        if (!result.Succeeded || result.Properties is not { } properties
            || properties.GetTokenValue(OpenIddictClientAspNetCoreConstants.Tokens.BackchannelAccessToken) is not { } accessToken
            || OAuthProviders.For(Item(items, ProviderItem) ?? "") is not { } oauth)
            return Back(notes, error: $"The sign-in could not be completed ({result.Failure?.Message ?? "no access token came back"}); nothing was connected. Try again.");

        // Whoever started the sign-in must be the one finishing it, still an admin of that workspace.
        if (!Guid.TryParse(Item(items, WorkspaceItem), out var workspace)
            || await resolver.ResolveAsync(http.User.FindFirstValue(ClaimTypes.NameIdentifier)!, workspace, cancellationToken) is null || !current.IsAdmin)
            return Back(notes, error: ConnectionService.AdminOnly);

        var registration = items[OpenIddictClientAspNetCoreConstants.Properties.RegistrationId]!;
        var expires = DateTimeOffset.TryParse(properties.GetTokenValue(OpenIddictClientAspNetCoreConstants.Tokens.BackchannelAccessTokenExpirationDate),
            System.Globalization.CultureInfo.InvariantCulture, out var at) ? at : (DateTimeOffset?)null;
        var grant = OAuthGrant.Issued(registration, accessToken, properties.GetTokenValue(OpenIddictClientAspNetCoreConstants.Tokens.RefreshToken), expires, time.GetUtcNow());
        // A short-lived token without a refresh token (Facebook Login's user token) is traded for a lasting one; a system user's
        // token from a Facebook Login for Business configuration already lasts.
        if (oauth.LongLivedGrant is { } longLived && grant.RefreshToken is null && expires is { } end && end - time.GetUtcNow() < TimeSpan.FromDays(1))
        {
            try
            {
                grant = await grants.LongLivedAsync(grant, longLived, oauth.App, cancellationToken);
            }
            catch (ConnectorAuthException ex)
            {
                return Back(notes, error: $"The sign-in could not be completed: {ex.Message}. Nothing was connected; try again.");
            }
        }
        var fields = JsonSerializer.Deserialize<Dictionary<string, string>>(Item(items, FieldsItem) ?? "{}") ?? [];
        SyncSchedule? schedule = Enum.TryParse<SyncSchedule>(Item(items, ScheduleItem), out var s) ? s : null;

        // What the provider said at sign-in (claims of its user info: Mailchimp's "dc") and the app's own settings (Zendesk's
        // subdomain; the sandbox's account for a sandbox sign-in).
        var atSandbox = registration == oauth.SandboxRegistration;
        var given = oauth.ProviderFields.Where(f => result.Principal?.FindFirst(f)?.Value is { Length: > 0 })
            .ToDictionary(f => f, f => result.Principal!.FindFirst(f)!.Value);
        foreach (var setting in oauth.AppSettings)
            given[setting.ToLowerInvariant()] = atSandbox ? sandbox.ValueOf(oauth.Connector, setting.ToLowerInvariant())
                : setting == nameof(OAuthApp.Subdomain) ? options.Value.AppOf(oauth).Subdomain?.Trim() ?? "" : "";

        var (outcome, _) = await connections.ConnectWithGrantAsync(oauth, grant, atSandbox, fields, given, schedule, cancellationToken);
        return outcome.Succeeded ? Back(notes, connected: oauth.Connector) : Back(notes, error: outcome.Message);
    }

    private static string? Item(IDictionary<string, string?> items, string key) => items.TryGetValue(key, out var value) ? value : null;

    private static IResult Back(ConnectNotes notes, string? error = null, string? connected = null) =>
        Results.LocalRedirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/connectors",
            new Dictionary<string, string?> { ["connected"] = connected, ["note"] = error is null ? null : notes.Seal(error) }.Where(q => q.Value is not null)));
}

/// <summary>
/// What a sign-in's end tells the Connectors page, sealed for a few minutes: a link someone crafts cannot make the page say
/// anything (a "call this number" note), only what this server wrote.
/// </summary>
public sealed class ConnectNotes(Microsoft.AspNetCore.DataProtection.IDataProtectionProvider protection)
{
    private readonly Microsoft.AspNetCore.DataProtection.ITimeLimitedDataProtector _protector =
        Microsoft.AspNetCore.DataProtection.DataProtectionAdvancedExtensions.ToTimeLimitedDataProtector(protection.CreateProtector("WorkPipelines.ConnectNotes"));

    public string Seal(string note) => Microsoft.AspNetCore.DataProtection.DataProtectionAdvancedExtensions.Protect(_protector, note, TimeSpan.FromMinutes(10));

    public string? Open(string? sealedNote)
    {
        if (string.IsNullOrEmpty(sealedNote)) return null;
        try
        {
            return Microsoft.AspNetCore.DataProtection.DataProtectionAdvancedExtensions.Unprotect(_protector, sealedNote, out _);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
