using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Connectors.Sync;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Outbound;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Connectors;

/// <summary>What admins do with connections, for pages and the API alike; every command checks the role and is recorded.</summary>
public sealed class ConnectionService(
    WorkDbContext db, CurrentWorkspace workspace, CredentialProtector protector, ConnectorRegistry connectors,
    ConnectionSessions sessions, RunQueue queue, ActivityLog activity, TimeProvider time,
    OAuth.OAuthGrants grants, Annotations.AutomaticAnnotations annotations, ISandbox? sandbox = null)
{
    public const string AdminOnly = "Only workspace admins can connect sources, change schedules or start syncs.";

    public Task<List<Connection>> ListAsync(CancellationToken cancellationToken = default) =>
        db.Connections.AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>Connects (or reconnects) a provider with credentials, or with a fresh sandbox account, checks them, and starts the first sync.</summary>
    public async Task<(WorkResult Result, Connection? Connection)> ConnectAsync(ConnectRequest request, CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return (WorkResult.Forbidden(AdminOnly), null);
        if (ProviderCatalog.Find(request.Provider) is not { } provider || connectors.Find(provider.Key) is null)
            return (WorkResult.NotFound(UnknownProvider(request.Provider)), null);

        // The address is the provider's own host, derived from the credentials, or the sandbox this server chose;
        // one typed by a user could be anything, an internal service or the cloud's metadata endpoint included.
        if (!string.IsNullOrWhiteSpace(request.BaseUrl)) return (WorkResult.Invalid(BaseUrlNotAccepted(provider)), null);

        Dictionary<string, string> credentials;
        string baseUrl;
        if (request.UseSandbox)
        {
            if (sandbox is null) return (WorkResult.Invalid(NoSandbox), null);
            // The recommended way, as a person would connect; the sandbox answers each kind of credential as its provider does.
            credentials = await sandbox.CreateAccountAsync(provider, request.SandboxHistoryDays, request.SandboxFaults, cancellationToken);
            baseUrl = sandbox.BaseUrlOf(provider.Key).ToString();
        }
        else
        {
            var (method, unknown) = MethodOf(provider, request);
            if (method is null) return (WorkResult.Invalid(unknown!), null);
            var missing = method.Fields.Where(f => string.IsNullOrWhiteSpace(request.Credentials?.GetValueOrDefault(f.Name))).Select(f => $"{f.Label} ({f.Name})").ToList();
            if (missing.Count > 0)
                return (WorkResult.Invalid($"{provider.Title} needs: {string.Join(", ", missing)}." +
                    (provider.Methods.Count > 1 ? $" Ways to connect (method): {provider.MethodNames}." : "")), null);
            credentials = method.Fields.ToDictionary(f => f.Name, f => request.Credentials![f.Name].Trim());
            if (method.Fields.Select(f => f.Problem?.Invoke(credentials[f.Name])).FirstOrDefault(p => p is not null) is { } wrong)
                return (WorkResult.Invalid(wrong), null);
            var (url, problem) = ProviderHosts.Derive(provider.Key, credentials);
            if (url is null) return (WorkResult.Invalid(problem!), null);
            baseUrl = url.ToString();
        }
        return await SaveCheckedAsync(provider, credentials, baseUrl, request.UseSandbox, request.Schedule, request.UseSandbox ? " (sandbox)" : "", cancellationToken);
    }

    /// <summary>
    /// Connects (or reconnects) a provider with the grant a "Connect with …" sign-in returned, and the connection's other
    /// fields the person gave before signing in; checked and synced like any connection.
    /// </summary>
    public async Task<(WorkResult Result, Connection? Connection)> ConnectWithGrantAsync(OAuth.OAuthProvider oauth, OAuth.OAuthGrant grant, bool atSandbox,
        IReadOnlyDictionary<string, string> fields, SyncSchedule? schedule, CancellationToken cancellationToken = default) =>
        await ConnectWithGrantAsync(oauth, grant, atSandbox, fields, new Dictionary<string, string>(), schedule, cancellationToken);

    /// <param name="given">What the provider or the OAuth app said rather than the person (<see cref="OAuth.OAuthProvider.ProviderFields"/>,
    /// <see cref="OAuth.OAuthProvider.AppSettings"/>): Mailchimp's data centre, Zendesk's subdomain.</param>
    public async Task<(WorkResult Result, Connection? Connection)> ConnectWithGrantAsync(OAuth.OAuthProvider oauth, OAuth.OAuthGrant grant, bool atSandbox,
        IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string> given, SyncSchedule? schedule, CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return (WorkResult.Forbidden(AdminOnly), null);
        var provider = ProviderCatalog.Find(oauth.Connector)!;
        var credentials = new Dictionary<string, string>();
        foreach (var field in provider.Credentials.Where(f => oauth.Fields.Contains(f.Name)))
        {
            var value = fields.GetValueOrDefault(field.Name)?.Trim();
            if (string.IsNullOrEmpty(value)) return (WorkResult.Invalid($"{provider.Title} needs: {field.Label}."), null);
            if (field.Problem?.Invoke(value) is { } wrong) return (WorkResult.Invalid(wrong), null);
            credentials[field.Name] = value;
        }
        foreach (var name in oauth.ProviderFields.Concat(oauth.AppSettings.Select(s => s.ToLowerInvariant())))
        {
            if (given.GetValueOrDefault(name)?.Trim() is not { Length: > 0 } value)
                return (WorkResult.Invalid($"{oauth.App} did not say the account's {name} at sign-in; nothing was connected. Try again."), null);
            credentials[name] = value;
        }
        credentials = grant.WriteTo(credentials);
        string baseUrl;
        if (atSandbox && sandbox is null) return (WorkResult.Invalid(NoSandbox), null);
        if (atSandbox) baseUrl = sandbox!.BaseUrlOf(provider.Key).ToString();
        else if (ProviderHosts.Derive(provider.Key, credentials) is ({ } url, _)) baseUrl = url.ToString();
        else return (WorkResult.Invalid(ProviderHosts.Derive(provider.Key, credentials).Problem!), null);
        return await SaveCheckedAsync(provider, credentials, baseUrl, atSandbox, schedule, $" (signed in with {oauth.App}{(atSandbox ? ", sandbox" : "")})", cancellationToken);
    }

    private async Task<(WorkResult Result, Connection? Connection)> SaveCheckedAsync(ProviderInfo provider, Dictionary<string, string> credentials, string baseUrl,
        bool useSandbox, SyncSchedule? schedule, string how, CancellationToken cancellationToken)
    {
        if (schedule is { } requested && !Enum.IsDefined(requested)) return (WorkResult.Invalid(UnknownSchedule(requested.ToString())), null);

        var existing = await db.Connections.FirstOrDefaultAsync(c => c.Provider == provider.Key, cancellationToken);
        var connection = existing ?? new Connection
        {
            WorkspaceId = workspace.WorkspaceId,
            Provider = provider.Key,
            ProtectedCredentials = "",
            BaseUrl = baseUrl,
            ConnectedAt = time.GetUtcNow(),
            ConnectedByUserId = workspace.UserId,
        };
        connection.ProtectedCredentials = protector.Protect(credentials);
        connection.BaseUrl = baseUrl;
        connection.UsesSandbox = useSandbox;
        connection.Schedule = schedule ?? connection.Schedule;
        connection.Status = ConnectionStatus.NeverSynced;
        connection.Paused = false;
        connection.ConsecutiveFailures = 0;
        connection.LastError = null;

        // One cheap call before saving: a typo in a key is an error on the form, not a failed run later.
        ConnectorSession? session = null;
        try
        {
            session = sessions.Open(connection);
            connection.BaseUrl = session.BaseUrl.ToString();
            var connector = connectors.Find(provider.Key)!;
            if (session.Grant is { } signedIn && await connector.TradeSignInAsync(session, signedIn, cancellationToken) is var kept && kept != signedIn)
            {
                connection.ProtectedCredentials = protector.Protect(kept.WriteTo(credentials));
                session = sessions.Open(connection);
            }
            await connector.VerifyAsync(session, cancellationToken);
        }
        catch (Exception ex) when (ex is ConnectorAuthException or ConnectorDataException or ConnectorUnavailableException)
        {
            return (WorkResult.Invalid($"{provider.Title} refused the connection: {ex.Message}"), null);
        }
        catch (Exception ex) when (ex is FetchRefusedException or HttpRequestException or TimeoutException or Polly.ExecutionRejectedException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Which host, and why in words: the policy's reason, or the socket's ("Connection refused"), never a body.
            var reason = ex is FetchRefusedException ? ex.Message : $"could not reach {session?.BaseUrl.Host}: {ConnectorHttp.Short(ex.Message)}";
            return (WorkResult.Invalid($"Could not connect {provider.Title}: {reason}"), null);
        }

        if (existing is null) db.Connections.Add(connection);
        await activity.RecordAsync(existing is null ? "connection.connected" : "connection.reconnected", provider.Key + how, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await annotations.ConnectedAsync(connection, reconnected: existing is not null, workspace.UserId, cancellationToken);
        await EnqueueSyncAsync(connection, PipelineTrigger.User, null, cancellationToken);
        return (WorkResult.Ok, connection);
    }

    public async Task<(WorkResult Result, PipelineRun? Run)> SyncNowAsync(string provider, string? stream = null, PipelineTrigger trigger = PipelineTrigger.User, CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return (WorkResult.Forbidden(AdminOnly), null);
        var (found, connection) = await FindAsync(provider, cancellationToken);
        if (!found.Succeeded) return (found, null);
        if (stream is not null && connectors.Find(connection!.Provider)!.Streams.All(s => s.Name != stream))
            return (WorkResult.Invalid($"unknown stream '{stream}'; {connection.Provider} has: {string.Join(", ", connectors.Find(connection.Provider)!.Streams.Select(s => s.Name))}"), null);
        var run = await EnqueueSyncAsync(connection!, trigger, stream, cancellationToken);
        await activity.RecordAsync("connection.sync_requested", connection!.Provider, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (WorkResult.Ok, run);
    }

    public async Task<WorkResult> UpdateAsync(string provider, SyncSchedule? schedule, bool? paused, CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return WorkResult.Forbidden(AdminOnly);
        if (schedule is { } s && !Enum.IsDefined(s)) return WorkResult.Invalid(UnknownSchedule(s.ToString()));
        var (found, connection) = await FindAsync(provider, cancellationToken);
        if (!found.Succeeded) return found;
        if (schedule is { } newSchedule) connection!.Schedule = newSchedule;
        if (paused is { } pause)
        {
            connection!.Paused = pause;
            if (!pause) connection.ConsecutiveFailures = 0;
        }
        connection!.NextSyncAt = connection.Paused || connection.Schedule.Interval() is not { } interval ? null : time.GetUtcNow() + interval;
        await activity.RecordAsync("connection.updated", $"{connection.Provider}: {connection.Schedule}{(connection.Paused ? ", paused" : "")}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return WorkResult.Ok;
    }

    /// <summary>Removes the connection; its synced records and metrics go too unless <paramref name="keepData"/>.</summary>
    public async Task<WorkResult> DisconnectAsync(string provider, bool keepData, CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return WorkResult.Forbidden(AdminOnly);
        var (found, connection) = await FindAsync(provider, cancellationToken);
        if (!found.Succeeded) return found;
        if (await db.PipelineRuns.AnyAsync(r => r.ConcurrencyKey == SyncConnection.ConcurrencyKey(connection!.Id) && (r.Status == PipelineRunStatus.Queued || r.Status == PipelineRunStatus.Running), cancellationToken))
            return WorkResult.Conflict($"a sync of {connection!.Provider} is running; cancel it or wait for it to finish before disconnecting");

        // A grant from signing in is given back to the provider first (best effort: a provider that does not answer must
        // not keep a connection someone wants gone).
        var revoked = "";
        if (OAuth.OAuthGrant.From(Credentials(connection!)) is { } grant)
            revoked = await grants.RevokeAsync(grant, cancellationToken) switch
            {
                OAuth.Revocation.Revoked => ", access revoked",
                OAuth.Revocation.NotOffered => $", {OAuth.OAuthProviders.For(connection!.Provider)?.App} offers no revocation: remove Work Pipelines from your account's connected apps there",
                _ => ", access could not be revoked at the provider",
            };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.StreamCheckpoints.Where(c => c.ConnectionId == connection!.Id).ExecuteDeleteAsync(cancellationToken);
        if (!keepData)
        {
            await db.SourceRecords.Where(r => r.ConnectionId == connection!.Id).ExecuteDeleteAsync(cancellationToken);
            await db.DailyMetrics.Where(m => m.Source == connection!.Provider).ExecuteDeleteAsync(cancellationToken);
        }
        db.Connections.Remove(connection!);
        await activity.RecordAsync("connection.disconnected", $"{connection!.Provider} ({(keepData ? "data kept" : "data deleted")}{revoked})", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return WorkResult.Ok;
    }

    /// <summary>Sets the faults the sandbox account behind a sandbox connection injects (to see failures handled).</summary>
    public async Task<WorkResult> SetSandboxFaultsAsync(string provider, SandboxFaults faults, CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return WorkResult.Forbidden(AdminOnly);
        var (found, connection) = await FindAsync(provider, cancellationToken);
        if (!found.Succeeded) return found;
        if (!connection!.UsesSandbox) return WorkResult.Conflict($"{connection.Provider} is connected to the real provider; faults exist only in the sandbox");
        if (sandbox is null || !await sandbox.SetFaultsAsync(connection.Provider, protector.Unprotect(connection.ProtectedCredentials), faults, cancellationToken))
            return WorkResult.Conflict("the sandbox account of this connection no longer exists; reconnect with the sandbox");
        await activity.RecordAsync("connection.sandbox_faults", $"{connection.Provider}: {faults}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return WorkResult.Ok;
    }

    internal async Task<PipelineRun> EnqueueSyncAsync(Connection connection, PipelineTrigger trigger, string? stream, CancellationToken cancellationToken)
    {
        var enqueued = await queue.EnqueueAsync(new PipelineRequest(connection.WorkspaceId, SyncConnection.KindName)
        {
            Payload = new SyncPayload(connection.Id, stream, connection.Provider),
            ConcurrencyKey = SyncConnection.ConcurrencyKey(connection.Id),
            Trigger = trigger,
            RequestedByUserId = trigger == PipelineTrigger.Schedule ? null : workspace.UserId,
        }, cancellationToken);
        if (connection.Schedule.Interval() is { } interval && !connection.Paused)
        {
            await db.Connections.Where(c => c.Id == connection.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.NextSyncAt, time.GetUtcNow() + interval), cancellationToken);
        }
        return enqueued.Run;
    }

    /// <summary>The named fields of the existing connection (its GA4 property…), to sign in again for it; null when there is none.</summary>
    public async Task<Dictionary<string, string>?> FieldsOfAsync(string provider, IEnumerable<string> names, CancellationToken cancellationToken = default)
    {
        var (found, connection) = await FindAsync(provider, cancellationToken);
        if (!found.Succeeded) return null;
        var credentials = Credentials(connection!);
        return names.ToDictionary(n => n, n => credentials.GetValueOrDefault(n) ?? "");
    }

    private IReadOnlyDictionary<string, string> Credentials(Connection connection)
    {
        try
        {
            return protector.Unprotect(connection.ProtectedCredentials);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return new Dictionary<string, string>();
        }
    }

    private async Task<(WorkResult, Connection?)> FindAsync(string provider, CancellationToken cancellationToken)
    {
        if (ProviderCatalog.Find(provider) is not { } info) return (WorkResult.NotFound(UnknownProvider(provider)), null);
        var connection = await db.Connections.FirstOrDefaultAsync(c => c.Provider == info.Key, cancellationToken);
        return connection is null
            ? (WorkResult.Conflict($"{info.Title} is not connected; connect it first"), null)
            : (WorkResult.Ok, connection);
    }

    public static string UnknownProvider(string given) => $"unknown provider '{given}'; known: {ProviderCatalog.KnownKeys}";

    public static string BaseUrlNotAccepted(ProviderInfo provider) =>
        $"baseUrl is not accepted: {provider.Title}'s address is its own API host, derived from {ProviderHosts.DerivedFrom(provider.Key)}. " +
        "To try the product without an account, connect with useSandbox: true.";

    public const string NoSandbox = "This server has no sandbox; connect with the provider's own credentials.";

    public static string UnknownSchedule(string given) => $"unknown schedule '{given}'; valid: {string.Join(", ", Enum.GetNames<SyncSchedule>())}";

    /// <summary>
    /// The way of connecting a request means: the one it names, else (for clients that send no method, e.g. Shopify's
    /// shopDomain + accessToken from before there were two ways) the first whose fields it fills, else the recommended one.
    /// </summary>
    private static (CredentialMethod? Method, string? Problem) MethodOf(ProviderInfo provider, ConnectRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.Method))
            return provider.FindMethod(request.Method) is { } named ? (named, null)
                : (null, $"unknown method '{request.Method}' for {provider.Title}; valid: {provider.MethodNames}.");
        var filled = provider.Methods.FirstOrDefault(m => m.Fields.All(f => !string.IsNullOrWhiteSpace(request.Credentials?.GetValueOrDefault(f.Name))));
        return (filled ?? provider.Methods[0], null);
    }
}

/// <summary>A connect request: credentials for the real provider, or a sandbox account.</summary>
/// <param name="BaseUrl">Not accepted any more (a connect with one is refused): the address is derived from the credentials.</param>
/// <param name="Method">Which way of connecting the credentials are for (<see cref="CredentialMethod.Key"/>); null: the one whose fields they fill.</param>
/// <param name="SandboxFaults">With <paramref name="UseSandbox"/>: faults the new account has before the connect check.</param>
public sealed record ConnectRequest(string Provider, bool UseSandbox, Dictionary<string, string>? Credentials = null, string? BaseUrl = null,
    SyncSchedule? Schedule = null, int? SandboxHistoryDays = null, string? Method = null, SandboxFaults? SandboxFaults = null);
