using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace WorkPipelines.Benchmarks;

/// <summary>
/// Many API clients at once against a running app (one instance, or several behind a proxy): each signs in
/// with a bearer token, then loops over a mix of dashboard aggregates, pipeline lists, connector lists, sync
/// requests and self-test runs. Records every answer's status and latency per kind of request.
/// </summary>
public sealed class LoadDriver(Uri root, string email, string password)
{
    private static readonly string[] Periods = ["7d", "30d", "90d", "12m", "mtd"];
    private static readonly string[] Providers = ["stripe", "shopify", "ga4", "meta", "social", "mailchimp", "zendesk"];

    public sealed record Sample(string Kind, int Status, double Milliseconds);

    public sealed record Result(IReadOnlyList<Sample> Samples, int TransportErrors, string? FirstTransportError, TimeSpan Elapsed)
    {
        public int ServerErrors => Samples.Count(s => s.Status >= 500);

        public IEnumerable<string> Lines()
        {
            yield return $"{"request",-22} {"count",7} {"p50",9} {"p95",9} {"p99",9}  statuses";
            foreach (var group in Samples.GroupBy(s => s.Kind).OrderBy(g => g.Key).Append(Samples.GroupBy(_ => "all").Single()))
            {
                var times = group.Select(s => s.Milliseconds).Order().ToList();
                var statuses = string.Join(" ", group.GroupBy(s => s.Status).OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Count()}"));
                yield return $"{group.Key,-22} {times.Count,7} {Percentile(times, 0.50),7:N1}ms {Percentile(times, 0.95),7:N1}ms {Percentile(times, 0.99),7:N1}ms  {statuses}";
            }
            yield return $"{Samples.Count / Elapsed.TotalSeconds:N0} requests/s over {Elapsed.TotalSeconds:N0} s; {ServerErrors} answers were 5xx; {TransportErrors} transport errors{(FirstTransportError is null ? "" : $" (first: {FirstTransportError})")}";
        }

        private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    public async Task<Result> RunAsync(int clients, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var token = await SignInAsync(cancellationToken);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { BaseAddress = root, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var samples = new System.Collections.Concurrent.ConcurrentBag<Sample>();
        var transportErrors = 0;
        string? firstError = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            while (!stop.IsCancellationRequested)
            {
                var (kind, request) = Next(random);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request, CancellationToken.None);
                    await response.Content.LoadIntoBufferAsync(CancellationToken.None);
                    samples.Add(new Sample(kind, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref transportErrors);
                    Interlocked.CompareExchange(ref firstError, $"{kind}: {ex.Message}", null);
                }
                finally
                {
                    request.Dispose();
                }
            }
        }, CancellationToken.None)));
        return new Result(samples.ToList(), transportErrors, firstError, clock.Elapsed);
    }

    // The mix a busy morning brings: mostly people reading the dashboard and the runs, some asking for syncs and runs.
    private static (string Kind, HttpRequestMessage Request) Next(Random random) => random.Next(100) switch
    {
        < 45 => ("dashboard aggregate", new(HttpMethod.Get, $"api/work/dashboard/aggregate?period={Periods[random.Next(Periods.Length)]}")),
        < 70 => ("pipelines list", new(HttpMethod.Get, $"api/work/pipelines?page={random.Next(1, 4)}&pageSize=25")),
        < 85 => ("connectors list", new(HttpMethod.Get, "api/work/connectors")),
        < 95 => ("sync request", new(HttpMethod.Post, $"api/work/sync/{Providers[random.Next(Providers.Length)]}")),
        _ => ("self-test run", new(HttpMethod.Post, "api/work/pipelines/self-test") { Content = JsonContent.Create(new { seconds = 1 }) }),
    };

    private async Task<string> SignInAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = root };
        using var response = await http.PostAsJsonAsync("api/auth/login", new { email, password }, cancellationToken);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"sign-in as {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return body.RootElement.GetProperty("accessToken").GetString()!;
    }
}
