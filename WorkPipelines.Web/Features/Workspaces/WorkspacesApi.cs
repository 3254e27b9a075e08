using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Web.Api;

namespace WorkPipelines.Web.Features.Workspaces;

public static class WorkspacesApi
{
    public static RouteGroupBuilder MapWorkspacesApi(this RouteGroupBuilder work)
    {
        work.MapGet("/me", GetMeAsync).WithName("GetMe").WithSummary("The signed-in user, their current workspace and role, and all their workspaces.");
        work.MapPost("/workspaces/{workspaceId:guid}/switch", SwitchAsync).WithName("SwitchWorkspace").WithSummary("Make another of your workspaces the current one.");
        work.MapPost("/workspaces/sample", CreateSampleAsync).AddEndpointFilter<NoBodyFilter>().WithName("CreateSampleWorkspace")
            .WithSummary("Explore with sample data: a new workspace (you its admin) with every provider's sandbox connected, made your current one. If you already have one, it becomes current again (200).");
        work.MapDelete("/workspaces/{workspaceId:guid}", RemoveSampleAsync).WithName("RemoveSampleWorkspace")
            .WithSummary("Remove a sample data workspace and everything in it (its admins only; other workspaces cannot be removed). Answers the workspace you are back in.");

        work.MapGet("/workspace", GetSettingsAsync).WithName("GetWorkspace").WithSummary("The current workspace: name, time zone, currency.");
        work.MapPut("/workspace", PutSettingsAsync).WithName("UpdateWorkspace").WithSummary("Change name, IANA time zone and currency (admins).");
        work.MapGet("/workspace/getting-started", GetGettingStartedAsync).WithName("GetGettingStarted")
            .WithSummary("The first-run checklist of the current workspace: source connected, teammate invited, report scheduled, put away.");
        work.MapPost("/workspace/getting-started/dismiss", DismissGettingStartedAsync).AddEndpointFilter<NoBodyFilter>().WithName("DismissGettingStarted")
            .WithSummary("Put the first-run checklist away for everyone in the workspace (admins).");

        var members = work.MapGroup("/workspace/members").WithTags("Members");
        members.MapGet("/", ListMembersAsync).WithName("ListMembers").WithSummary("Members of the current workspace.");
        members.MapPost("/", AddMemberAsync).WithName("AddMember").WithSummary("Add a registered user by email as Admin or Member (admins only).");
        members.MapPatch("/{membershipId:guid}", ChangeRoleAsync).WithName("ChangeMemberRole").WithSummary("Change a member's role (admins only; never the last admin).");
        members.MapDelete("/{membershipId:guid}", RemoveMemberAsync).WithName("RemoveMember").WithSummary("Remove a member (admins only; never the last admin).");
        return work;
    }

    public static async Task<Ok<MeResponse>> GetMeAsync(ClaimsPrincipal user, CurrentWorkspace current, WorkspaceResolver resolver, CancellationToken cancellationToken)
    {
        var workspaces = await resolver.MembershipsOfAsync(current.UserId!, cancellationToken);
        return TypedResults.Ok(new MeResponse(
            current.UserId!,
            user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? "",
            new WorkspaceSummary(current.WorkspaceId, current.WorkspaceName, current.Role, current.IsSample),
            workspaces));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SwitchAsync(Guid workspaceId, CurrentWorkspace current, WorkspaceResolver resolver, CancellationToken cancellationToken)
    {
        var result = await resolver.SwitchAsync(current.UserId!, workspaceId, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
    }

    public static async Task<Results<Created<WorkspaceSummary>, Ok<WorkspaceSummary>, ProblemHttpResult>> CreateSampleAsync(
        CurrentWorkspace current, SampleWorkspaces samples, CancellationToken cancellationToken)
    {
        var (result, workspace, created) = await samples.CreateAsync(current.UserId!, cancellationToken);
        if (!result.Succeeded) return result.ToProblem();
        return created ? TypedResults.Created($"/api/work/workspaces/{workspace!.WorkspaceId}", workspace) : TypedResults.Ok(workspace);
    }

    public static async Task<Results<Ok<WorkspaceSummary>, ProblemHttpResult>> RemoveSampleAsync(
        Guid workspaceId, CurrentWorkspace current, SampleWorkspaces samples, CancellationToken cancellationToken)
    {
        var (result, home) = await samples.RemoveAsync(current.UserId!, workspaceId, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(home) : result.ToProblem();
    }

    public static async Task<Ok<GettingStartedStatus>> GetGettingStartedAsync(GettingStarted checklist, CancellationToken cancellationToken) =>
        TypedResults.Ok(await checklist.GetAsync(cancellationToken));

    public static async Task<Results<NoContent, ProblemHttpResult>> DismissGettingStartedAsync(GettingStarted checklist, CancellationToken cancellationToken) =>
        (await checklist.DismissAsync(cancellationToken)).ToNoContent();

    public static async Task<Ok<WorkspaceView>> GetSettingsAsync(WorkspaceSettings settings, CancellationToken cancellationToken)
    {
        var workspace = await settings.GetAsync(cancellationToken);
        return TypedResults.Ok(new WorkspaceView(workspace.Id, workspace.Name, workspace.TimeZone, workspace.Currency));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> PutSettingsAsync(WorkspaceView request, WorkspaceSettings settings, CancellationToken cancellationToken) =>
        (await settings.UpdateAsync(request.Name, request.TimeZone, request.Currency, cancellationToken)).ToNoContent();

    public static async Task<Ok<List<MemberView>>> ListMembersAsync(WorkspaceMembers members, CancellationToken cancellationToken) =>
        TypedResults.Ok(await members.ListAsync(cancellationToken));

    public static async Task<Results<Created<MemberView>, ProblemHttpResult>> AddMemberAsync(AddMemberRequest request, WorkspaceMembers members, CancellationToken cancellationToken)
    {
        if (!TryParseRole(request.Role, out var role)) return WorkProblems.Invalid(WorkspaceMembers.UnknownRole(request.Role ?? ""));
        var (result, member) = await members.AddAsync(request.Email ?? "", role, cancellationToken);
        return result.Succeeded ? TypedResults.Created($"/api/work/workspace/members/{member!.Id}", member) : result.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ChangeRoleAsync(Guid membershipId, ChangeRoleRequest request, WorkspaceMembers members, CancellationToken cancellationToken)
    {
        if (!TryParseRole(request.Role, out var role)) return WorkProblems.Invalid(WorkspaceMembers.UnknownRole(request.Role ?? ""));
        var result = await members.ChangeRoleAsync(membershipId, role, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveMemberAsync(Guid membershipId, WorkspaceMembers members, CancellationToken cancellationToken)
    {
        var result = await members.RemoveAsync(membershipId, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
    }

    // Names only: "1" or "Owner" are not roles, whatever Enum.TryParse would make of them.
    private static bool TryParseRole(string? value, out WorkspaceRole role) =>
        Enum.TryParse(value, ignoreCase: true, out role) && Enum.GetNames<WorkspaceRole>().Contains(value, StringComparer.OrdinalIgnoreCase);
}

public sealed record WorkspaceView(Guid Id, string Name, string TimeZone, string Currency);
public sealed record MeResponse(string UserId, string Email, WorkspaceSummary Workspace, List<WorkspaceSummary> Workspaces);
public sealed record AddMemberRequest(string? Email, string? Role);
public sealed record ChangeRoleRequest(string? Role);
