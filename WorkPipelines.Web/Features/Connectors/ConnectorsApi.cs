using Microsoft.AspNetCore.Http.HttpResults;
using WorkPipelines.Domain;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Web.Api;

namespace WorkPipelines.Web.Features.Connectors;

public static class ConnectorsApi
{
    public static RouteGroupBuilder MapConnectorsApi(this RouteGroupBuilder work)
    {
        var connectors = work.MapGroup("/connectors").WithTags("Connectors");
        connectors.MapGet("/", ListAsync).WithName("ListConnectors").WithSummary("Every provider with its connection state, schedule, freshness and running sync.");
        connectors.MapPut("/{provider}", PutAsync).WithName("PutConnector")
            .WithSummary("Connect (credentials, or useSandbox, optionally with sandboxFaults the new sandbox account starts with, e.g. lacks: [\"ads_read\"]) and/or change schedule and pause (admins). Where a provider offers more than one way to connect (GET /connectors lists each provider's methods and their fields), method names the one the credentials are for; without it, the way whose fields they fill. The API address is the provider's own host, derived from the credentials (shopDomain, subdomain, the Mailchimp key's data centre); baseUrl is refused. Connecting starts the first sync.");
        connectors.MapDelete("/{provider}", DeleteAsync).WithName("DisconnectConnector")
            .WithSummary("Disconnect (admins); keepData=false also deletes the synced records and metrics.");
        connectors.MapPut("/{provider}/sandbox-faults", SetFaultsAsync).WithName("SetSandboxFaults")
            .WithSummary("Make a sandbox connection's provider misbehave: errorRate, rateLimitRate (0-1), latencyMs, tokenExpired, failAfterRequests + failNextRequests, lacks (permissions the credential lacks), tokenExpiresInMinutes (admins).");
        work.MapPost("/sync/{provider}", SyncAsync).WithName("SyncProvider").WithTags("Connectors")
            .WithSummary("Start a sync now (admins) → 202 with the run; the existing run when one is already queued or running. stream= syncs one stream.");
        return work;
    }

    public static async Task<Ok<IReadOnlyList<ConnectorView>>> ListAsync(ConnectorViews views, CancellationToken cancellationToken) =>
        TypedResults.Ok(await views.ListAsync(cancellationToken));

    public static async Task<Results<Ok<ConnectorView>, ProblemHttpResult>> PutAsync(
        string provider, PutConnectorRequest request, ConnectionService connections, ConnectorViews views, CancellationToken cancellationToken)
    {
        if (!TryParseSchedule(request.Schedule, out var schedule)) return WorkProblems.Invalid(ConnectionService.UnknownSchedule(request.Schedule!));
        if (request.SandboxHistoryDays is < 1 or > 3650) return WorkProblems.Invalid($"sandboxHistoryDays must be between 1 and 3650; got {request.SandboxHistoryDays}.");
        if (request.SandboxFaults is { } startFaults && FaultsProblem(startFaults) is { } wrong) return WorkProblems.Invalid(wrong);

        WorkResult result;
        if (request.UseSandbox == true || request.Credentials is not null)
        {
            (result, _) = await connections.ConnectAsync(new ConnectRequest(provider, request.UseSandbox == true, request.Credentials, request.BaseUrl, schedule, request.SandboxHistoryDays, request.Method, request.SandboxFaults), cancellationToken);
            if (result.Succeeded && request.Paused is not null) result = await connections.UpdateAsync(provider, null, request.Paused, cancellationToken);
        }
        else if (schedule is not null || request.Paused is not null)
        {
            result = await connections.UpdateAsync(provider, schedule, request.Paused, cancellationToken);
        }
        else
        {
            return WorkProblems.Invalid("Send credentials or useSandbox: true to connect, or schedule / paused to change a connection.");
        }
        if (!result.Succeeded) return result.ToProblem();
        return TypedResults.Ok((await views.ListAsync(cancellationToken)).Single(v => v.Provider == ProviderCatalog.Find(provider)!.Key));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string provider, bool? keepData, ConnectionService connections, CancellationToken cancellationToken) =>
        (await connections.DisconnectAsync(provider, keepData ?? true, cancellationToken)).ToNoContent();

    public static async Task<Results<Accepted<SyncStarted>, ProblemHttpResult>> SyncAsync(string provider, string? stream, ConnectionService connections, CancellationToken cancellationToken)
    {
        var (result, run) = await connections.SyncNowAsync(provider, stream, Domain.Pipelines.PipelineTrigger.Api, cancellationToken);
        if (!result.Succeeded) return result.ToProblem();
        var url = $"/api/work/pipelines/{run!.Id}";
        return TypedResults.Accepted(url, new SyncStarted(run.Id, url, run.Status));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SetFaultsAsync(string provider, SandboxFaults faults, ConnectionService connections, CancellationToken cancellationToken)
    {
        if (FaultsProblem(faults) is { } wrong) return WorkProblems.Invalid(wrong);
        return (await connections.SetSandboxFaultsAsync(provider, faults, cancellationToken)).ToNoContent();
    }

    private static string? FaultsProblem(SandboxFaults faults) =>
        faults.ErrorRate is < 0 or > 1 || faults.RateLimitRate is < 0 or > 1 ? "errorRate and rateLimitRate are shares between 0 and 1."
        : faults.LatencyMs is < 0 or > 30_000 ? "latencyMs must be between 0 and 30000."
        : faults.FailAfterRequests < 0 || faults.FailNextRequests < 0 ? "failAfterRequests and failNextRequests cannot be negative."
        : faults.TokenExpiresInMinutes is < 0 or > 525_600 ? "tokenExpiresInMinutes must be between 0 (never) and 525600 (a year)."
        : faults.Lacks is { } lacks && (lacks.Length > 10 || lacks.Any(p => p is null || p.Length is 0 or > 64))
            ? "lacks lists at most 10 permission names (e.g. ads_read, read_insights, property_access), each 1 to 64 characters."
        : null;

    private static bool TryParseSchedule(string? value, out SyncSchedule? schedule)
    {
        schedule = null;
        if (string.IsNullOrWhiteSpace(value)) return true;
        var name = Enum.GetNames<SyncSchedule>().FirstOrDefault(n => n.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase));
        if (name is null) return false;
        schedule = Enum.Parse<SyncSchedule>(name);
        return true;
    }
}

/// <param name="BaseUrl">Refused when given: the address is derived from the credentials (kept so old scripts get a clear 400).</param>
/// <param name="Method">Which of the provider's ways to connect the credentials are for ("clientCredentials"); optional.</param>
/// <param name="SandboxFaults">With useSandbox: faults the new sandbox account has from the start, so the connect check meets them
/// (a credential that lacks a permission, a token about to expire).</param>
public sealed record PutConnectorRequest(bool? UseSandbox, Dictionary<string, string>? Credentials, string? BaseUrl, string? Schedule, bool? Paused, int? SandboxHistoryDays,
    string? Method = null, SandboxFaults? SandboxFaults = null);
public sealed record SyncStarted(Guid RunId, string Url, Domain.Pipelines.PipelineRunStatus Status);
