using Microsoft.AspNetCore.Http.HttpResults;
using WorkPipelines.Domain;

namespace WorkPipelines.Web.Api;

/// <summary>Turns a domain <see cref="WorkResult"/> error into an RFC 9457 problem answer.</summary>
internal static class WorkProblems
{
    public static ProblemHttpResult ToProblem(this WorkResult result) =>
        TypedResults.Problem(statusCode: result.Error switch
        {
            WorkError.Invalid => StatusCodes.Status400BadRequest,
            WorkError.Forbidden => StatusCodes.Status403Forbidden,
            WorkError.NotFound => StatusCodes.Status404NotFound,
            WorkError.Conflict => StatusCodes.Status409Conflict,
            _ => throw new ArgumentOutOfRangeException(nameof(result), result.Error, "Not an error."),
        }, title: result.Message);

    public static Results<NoContent, ProblemHttpResult> ToNoContent(this WorkResult result) =>
        result.Succeeded ? TypedResults.NoContent() : result.ToProblem();

    public static ProblemHttpResult Invalid(string message) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: message);
}
