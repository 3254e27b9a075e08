using System.Net;
using System.Text;
using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Tests.Domain.Connectors;

/// <summary>A rate limit longer than an HTTP timeout is waited out inside the run, on the session's clock, saying so.</summary>
public sealed class RateLimitWaitTests
{
    private const string Export = """{"tickets":[{"id":7,"created_at":"2026-11-02T10:00:00Z","updated_at":"2026-11-02T11:00:00Z","status":"open","via":{"channel":"email"}}],"metric_sets":[{"ticket_id":7,"solved_at":null,"reply_time_in_minutes":{"calendar":60,"business":45}}],"after_cursor":"c1","end_of_stream":true}""";

    [Fact]
    public async Task A_zendesk_export_answered_429_with_retry_after_60_s_waits_60_s_in_the_run_and_goes_on()
    {
        var clock = new RecordingClock();
        var progress = new List<string>();
        using var http = new HttpClient(new Answers((HttpStatusCode.TooManyRequests, """{"error":"APIRateLimitExceeded"}""", 60), (HttpStatusCode.OK, Export, null)));
        var session = Session(http, clock, progress, deadline: null);
        var stream = new WorkPipelines.Domain.Connectors.Zendesk.ZendeskConnector().Streams.Single();

        var page = await stream.ReadPageAsync(session, null, CancellationToken.None);

        Assert.Equal([TimeSpan.FromSeconds(60)], clock.Waits);
        Assert.Equal(["Waiting for Zendesk's rate limit, 60 s"], progress);
        Assert.True(page.Done);
        Assert.Contains(page.Records, r => r.ExternalId == "7:first_reply" && r.Values["support.first_reply_minutes"] == 45);
    }

    [Fact]
    public async Task A_wait_that_would_outlast_the_run_is_not_started_and_the_rate_limit_is_reported()
    {
        var clock = new RecordingClock();
        using var http = new HttpClient(new Answers((HttpStatusCode.TooManyRequests, """{"error":"APIRateLimitExceeded"}""", 60)));
        var session = Session(http, clock, [], deadline: clock.GetUtcNow().AddSeconds(30));
        var stream = new WorkPipelines.Domain.Connectors.Zendesk.ZendeskConnector().Streams.Single();

        var failure = await Assert.ThrowsAsync<ConnectorUnavailableException>(() => stream.ReadPageAsync(session, null, CancellationToken.None));

        Assert.Empty(clock.Waits);
        Assert.Equal(TimeSpan.FromSeconds(60), failure.RetryAfter);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, 60, true)]
    [InlineData(HttpStatusCode.TooManyRequests, 6, true)]
    [InlineData(HttpStatusCode.TooManyRequests, 5, false)] // short enough for the HTTP client's own retry
    [InlineData(HttpStatusCode.TooManyRequests, null, false)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 60, false)]
    public void Only_a_long_429_skips_the_http_retry(HttpStatusCode status, int? retryAfter, bool skipped)
    {
        using var response = new HttpResponseMessage(status);
        if (retryAfter is { } seconds) response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));

        Assert.Equal(skipped, RateLimits.IsLongerThanHttpWait(response, TimeProvider.System));
    }

    [Fact]
    public void A_retry_after_date_without_a_date_header_counts_from_the_sessions_clock()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(clock.GetUtcNow().AddSeconds(45));

        Assert.Equal(TimeSpan.FromSeconds(45), RateLimits.RetryAfter(response, clock));
        Assert.True(RateLimits.IsLongerThanHttpWait(response, clock));
    }

    private static ConnectorSession Session(HttpClient http, TimeProvider clock, List<string> progress, DateTimeOffset? deadline) =>
        new(http, new Uri("https://acme.zendesk.com/"), new Dictionary<string, string> { ["email"] = "admin@acme.test", ["apiToken"] = "t" }, Guid.NewGuid(), "Zendesk")
        {
            Time = clock,
            ReportAsync = message => { progress.Add(message); return Task.CompletedTask; },
            Deadline = deadline,
        };

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>A clock whose timers fire at once and remember how long they were asked to wait.</summary>
    internal sealed class RecordingClock : TimeProvider
    {
        public List<TimeSpan> Waits { get; } = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan) Waits.Add(dueTime);
            return new FiredTimer(callback, state);
        }

        private sealed class FiredTimer : ITimer
        {
            public FiredTimer(TimerCallback callback, object? state) => ThreadPool.QueueUserWorkItem(_ => callback(state));
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private sealed class Answers(params (HttpStatusCode Status, string Body, int? RetryAfter)[] answers) : HttpMessageHandler
    {
        private int _next;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var (status, body, retryAfter) = answers[Math.Min(_next++, answers.Length - 1)];
            var response = new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (retryAfter is { } seconds) response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
            return Task.FromResult(response);
        }
    }
}
