using Microsoft.AspNetCore.Diagnostics;

namespace WorkPipelines.Web.Api;

/// <summary>
/// Malformed input (unreadable JSON, a query value of the wrong type, a body over the limit) is the caller's error:
/// the API answers with the status Kestrel or the minimal API chose (400, 413, 415 …) and its words, never 500.
/// Minimal APIs throw <see cref="BadHttpRequestException"/> for these in every environment (see
/// <see cref="WebApplicationExtensions.UseWorkErrorHandling"/>), so the answer does not depend on the environment.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || !WebApplicationExtensions.IsApi(context)) return false;
        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new()
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                    StatusCodes.Status415UnsupportedMediaType => "Send the request body as JSON (Content-Type: application/json).",
                    StatusCodes.Status414UriTooLong => "The address is too long.",
                    _ => "The request could not be read.",
                },
                // Says which parameter or body was wrong, e.g. 'Failed to bind parameter "int page" from "x".'
                Detail = bad.Message,
            },
        });
    }
}
