namespace WorkPipelines.Domain.Outbound;

/// <summary>
/// Sits in front of an <see cref="OutboundHttp.Handler"/>: refuses a request whose URL the policy refuses before any
/// lookup, and turns a refusal at connect time into a <see cref="FetchRefusedException"/> that says which host could not
/// be reached and why. That exception is not an <see cref="HttpRequestException"/>, so retry handlers outside this one
/// do not hammer a refused address.
/// </summary>
public sealed class OutboundPolicyHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri ?? throw new FetchRefusedException("a request without an address");
        if (UrlGuard.Check(url) is { } problem) throw Refused(url, problem);
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.InnerException is FetchRefusedException refused)
        {
            throw Refused(url, refused.Message, ex);
        }
    }

    private static FetchRefusedException Refused(Uri url, string why, Exception? inner = null) =>
        new($"could not reach {url.Host}: refused by the outbound policy ({why})", inner);
}
