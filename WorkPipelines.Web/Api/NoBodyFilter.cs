namespace WorkPipelines.Web.Api;

/// <summary>
/// For a POST that takes no body (its meaning is in its address): one sent with a body is refused with a problem, not
/// acted on, so a client that meant to send something else (or sends garbage) learns so and nothing changes.
/// </summary>
internal sealed class NoBodyFilter : IEndpointFilter
{
    public const string Message = "This request takes no body: send it empty.";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        return request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0
            ? ValueTask.FromResult<object?>(WorkProblems.Invalid(Message))
            : next(context);
    }
}
