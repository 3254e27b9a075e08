using System.Net;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Outbound;

namespace WorkPipelines.Domain.BrandAnalysis.Fetching;

/// <summary>
/// The only way brand analysis reads the web, under the outbound policy. Every hop (the URL and each redirect)
/// passes the <see cref="AddressGate"/>; the socket connects only to addresses the gate allows at that moment
/// (<see cref="OutboundHttp.Handler"/>), so a name that re-resolves to an internal address after the check is refused too.
/// Bodies, time and redirects are capped. Throws <see cref="FetchRefusedException"/> with the reason.
/// </summary>
public sealed class SafeFetcher : IDisposable
{
    private static readonly HashSet<HttpStatusCode> RedirectCodes =
        [HttpStatusCode.MovedPermanently, HttpStatusCode.Found, HttpStatusCode.SeeOther, HttpStatusCode.TemporaryRedirect, HttpStatusCode.PermanentRedirect];

    private readonly AddressGate _gate;
    private readonly BrandAnalysisOptions _options;
    private readonly HttpClient _http;

    public SafeFetcher(AddressGate gate, IOptions<BrandAnalysisOptions> options)
    {
        _gate = gate;
        _options = options.Value;
        var handler = OutboundHttp.Handler(gate);
        handler.AutomaticDecompression = DecompressionMethods.All;
        handler.MaxResponseHeadersLength = 64;
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        OutboundHttp.StayOnTcp(_http);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
        _http.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,text/css,text/plain;q=0.9,*/*;q=0.5");
    }

    /// <summary>GETs <paramref name="url"/>, following up to MaxRedirects validated redirects. Any final status is returned.</summary>
    public async Task<FetchedResource> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.FetchTimeout);
        try
        {
            return await FollowAsync(url, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FetchRefusedException($"{url} took longer than {_options.FetchTimeout.TotalSeconds:0.#} s to load");
        }
        catch (HttpRequestException ex)
        {
            throw ex.InnerException as FetchRefusedException ?? new FetchRefusedException($"{url.Host} could not be reached: {ex.Message}", ex);
        }
    }

    private async Task<FetchedResource> FollowAsync(Uri url, CancellationToken cancellationToken)
    {
        for (var hop = 0; ; hop++)
        {
            await _gate.CheckAsync(url, cancellationToken);
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!RedirectCodes.Contains(response.StatusCode) || response.Headers.Location is not { } location)
                return new FetchedResource(url, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                    await ReadCappedAsync(response.Content, cancellationToken), Headers(response));

            if (hop == _options.MaxRedirects) throw new FetchRefusedException($"{url.Host} redirected more than {_options.MaxRedirects} times");
            url = location.IsAbsoluteUri ? location : new Uri(url, location);
        }
    }

    private async Task<byte[]> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var limit = _options.MaxBodyBytes;
        if (content.Headers.ContentLength > limit) throw TooLarge();
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var body = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (body.Length + read > limit) throw TooLarge(); // stop reading: the rest never downloads
            body.Write(chunk, 0, read);
        }
        return body.ToArray();
    }

    private FetchRefusedException TooLarge() => new($"the page is larger than {_options.MaxBodyBytes / (1024.0 * 1024):0.#} MB");

    private static Dictionary<string, string> Headers(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers)
            .GroupBy(h => h.Key.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)));

    public void Dispose() => _http.Dispose();
}

/// <summary>What a fetch brought back: the final URL after redirects, status, media type, body and headers (lower-case names).</summary>
public sealed record FetchedResource(Uri Url, int StatusCode, string? MediaType, byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}
