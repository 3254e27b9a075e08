using Microsoft.AspNetCore.Http.HttpResults;
using WorkPipelines.Domain.Sharing;
using WorkPipelines.Web.Api;

namespace WorkPipelines.Web.Features.Sharing;

public static class SharesApi
{
    public static RouteGroupBuilder MapSharesApi(this RouteGroupBuilder work)
    {
        var shares = work.MapGroup("/shares").WithTags("Shares");
        shares.MapGet("/", ListAsync).WithName("ListShares")
            .WithSummary("The workspace's read-only share links, newest first, each with what it exposes (panels, period, until when), its state (Active, Expired, Revoked), who made it and when it was last opened. Never the token.");
        shares.MapGet("/panels", Panels).WithName("ListSharePanels")
            .WithSummary("What a share link can show: 'blended' (the headline numbers) and each dashboard panel, with the numbers in it.");
        shares.MapGet("/{id:guid}", GetAsync).WithName("GetShare").WithSummary("One share link (never its token).");
        shares.MapPost("/", CreateAsync).WithName("CreateShare")
            .WithSummary("Create a read-only link to a dashboard view (admins). name: 1-80 characters; panels: keys from /shares/panels; " +
                "period: 7d, 30d, 90d, 12m, mtd or custom (from, to: yyyy-MM-dd); compare: previous or year; expiresInDays: 1, 7, 30 or 90. " +
                "The answer carries the token and path (/s/{token}) this once: only a hash of it is kept.");
        shares.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeShare")
            .WithSummary("Revoke a share link (admins): it stops working at once, also on screens showing it; it stays listed as revoked.");
        return work;
    }

    public static async Task<Ok<IReadOnlyList<ShareView>>> ListAsync(ShareService shares, CancellationToken cancellationToken) =>
        TypedResults.Ok(await shares.ListAsync(cancellationToken));

    public static Ok<IReadOnlyList<SharePanel>> Panels() => TypedResults.Ok(SharePanels.All);

    public static async Task<Results<Ok<ShareView>, ProblemHttpResult>> GetAsync(Guid id, ShareService shares, CancellationToken cancellationToken) =>
        await shares.GetAsync(id, cancellationToken) is { } share
            ? TypedResults.Ok(share)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No share link {id} in this workspace.");

    public static async Task<Results<Created<ShareCreated>, ProblemHttpResult>> CreateAsync(ShareInput input, ShareService shares, CancellationToken cancellationToken)
    {
        var (result, created) = await shares.CreateAsync(input, cancellationToken);
        return result.Succeeded ? TypedResults.Created($"/api/work/shares/{created!.Share.Id}", created) : result.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, ShareService shares, CancellationToken cancellationToken) =>
        (await shares.RevokeAsync(id, cancellationToken)).ToNoContent();
}
