using Microsoft.AspNetCore.Http.HttpResults;
using WorkPipelines.Domain.Digests;
using WorkPipelines.Web.Api;

namespace WorkPipelines.Web.Features.Alerts;

public static class DigestsApi
{
    public static RouteGroupBuilder MapDigestsApi(this RouteGroupBuilder work)
    {
        var digests = work.MapGroup("/digests").WithTags("Digests");
        digests.MapGet("/me", GetAsync).WithName("GetMyDigest").WithSummary("Your digest in the current workspace: its settings, when it is due next, how the last one went (404 when you have none).");
        digests.MapPut("/me", SaveAsync).WithName("SaveMyDigest")
            .WithSummary("Set your digest: cadence daily or weekly, hour 0-23 in the workspace's time zone, dayOfWeek for weekly, up to 8 metric keys " +
                "(see /goals/metrics; empty: revenue, new customers, sessions, ad spend, first reply), byEmail, slackWebhookUrl.");
        digests.MapDelete("/me", DeleteAsync).WithName("DeleteMyDigest").WithSummary("Stop your digest.");
        digests.MapGet("/me/preview", PreviewAsync).WithName("PreviewMyDigest")
            .WithSummary("What your digest would say if it were sent now: the numbers against the period before, goals' pace, alerts fired, connections needing attention; text as emailed.");
        return work;
    }

    /// <summary>A digest's content, and its text as the email carries it.</summary>
    public sealed record DigestPreview(DigestContent Content, string Text);

    public static async Task<Results<Ok<DigestView>, ProblemHttpResult>> GetAsync(DigestService digests, CancellationToken cancellationToken) =>
        await digests.GetAsync(cancellationToken) is { } digest
            ? TypedResults.Ok(digest)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "You have no digest in this workspace; PUT one to start it.");

    public static async Task<Results<Ok<DigestView>, ProblemHttpResult>> SaveAsync(DigestInput input, DigestService digests, CancellationToken cancellationToken)
    {
        var (result, digest) = await digests.SaveAsync(input, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(digest!) : result.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(DigestService digests, CancellationToken cancellationToken) =>
        (await digests.DeleteAsync(cancellationToken)).ToNoContent();

    public static async Task<Ok<DigestPreview>> PreviewAsync(DigestService digests, CancellationToken cancellationToken)
    {
        var content = await digests.PreviewAsync(cancellationToken);
        return TypedResults.Ok(new DigestPreview(content, content.ToText()));
    }
}
