using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkPipelines.Domain.Annotations;
using WorkPipelines.Web.Api;

namespace WorkPipelines.Web.Features.Annotations;

public static class AnnotationsApi
{
    public static RouteGroupBuilder MapAnnotationsApi(this RouteGroupBuilder work)
    {
        var annotations = work.MapGroup("/annotations").WithTags("Annotations");
        annotations.MapGet("/", ListAsync).WithName("ListAnnotations")
            .WithSummary("Annotations touching a date range (from, to: yyyy-MM-dd, at most 3660 days), oldest first; panel: one panel's and every panel's " +
                "(revenue, traffic, ads, social, email, support); includeDismissed: dismissed automatic ones too.");
        annotations.MapGet("/{id:guid}", GetAsync).WithName("GetAnnotation").WithSummary("One annotation.");
        annotations.MapPost("/", CreateAsync).WithName("CreateAnnotation")
            .WithSummary("Add an annotation (any member). text: 1-200 characters; date: yyyy-MM-dd; endDate: the last day of a range (optional, at most a year); " +
                "panel: a panel key, or empty or all for every panel.");
        annotations.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateAnnotation")
            .WithSummary("Change an annotation (its author or an admin); the same fields as adding one. Automatic ones cannot be changed, only dismissed.");
        annotations.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteAnnotation")
            .WithSummary("Delete a person's annotation (its author or an admin), or dismiss an automatic one (admins): it stays hidden and is not added again.");
        return work;
    }

    /// <summary>The list's filters, from the query string.</summary>
    public sealed record ListQuery(string? From, string? To, string? Panel, bool? IncludeDismissed);

    public static async Task<Results<Ok<IReadOnlyList<AnnotationView>>, ProblemHttpResult>> ListAsync([AsParameters] ListQuery query,
        AnnotationService annotations, CancellationToken cancellationToken)
    {
        var (from, fromProblem) = Day(query.From, "from");
        if (fromProblem is not null) return WorkProblems.Invalid(fromProblem);
        var (to, toProblem) = Day(query.To, "to");
        if (toProblem is not null) return WorkProblems.Invalid(toProblem);
        var (result, list) = await annotations.ListAsync(from, to, query.Panel, query.IncludeDismissed ?? false, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(list) : result.ToProblem();
    }

    public static async Task<Results<Ok<AnnotationView>, ProblemHttpResult>> GetAsync(Guid id, AnnotationService annotations, CancellationToken cancellationToken) =>
        await annotations.GetAsync(id, cancellationToken) is { } annotation
            ? TypedResults.Ok(annotation)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No annotation {id} in this workspace.");

    public static async Task<Results<Created<AnnotationView>, ProblemHttpResult>> CreateAsync(AnnotationInput input, AnnotationService annotations,
        CancellationToken cancellationToken)
    {
        var (result, annotation) = await annotations.CreateAsync(input, cancellationToken);
        return result.Succeeded ? TypedResults.Created($"/api/work/annotations/{annotation!.Id}", annotation) : result.ToProblem();
    }

    public static async Task<Results<Ok<AnnotationView>, ProblemHttpResult>> UpdateAsync(Guid id, AnnotationInput input, AnnotationService annotations,
        CancellationToken cancellationToken)
    {
        var (result, annotation) = await annotations.UpdateAsync(id, input, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(annotation!) : result.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, AnnotationService annotations, CancellationToken cancellationToken) =>
        (await annotations.DeleteAsync(id, cancellationToken)).ToNoContent();

    private static (DateOnly Day, string? Problem) Day(string? text, string name) =>
        string.IsNullOrWhiteSpace(text) ? (default, $"{name} is missing; give a day as yyyy-MM-dd")
        : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? (day, null)
        : (default, $"{name} '{text}' is not a day; give it as yyyy-MM-dd");
}
