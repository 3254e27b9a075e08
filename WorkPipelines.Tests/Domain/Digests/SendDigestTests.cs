using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using netDumbster.smtp;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Digests;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Tests.Domain.Alerts;
using WorkPipelines.Tests.Domain.Pipelines;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Digests;

/// <summary>A digest that is due is queued once by the tick, composed from the data and sent to a loopback SMTP server and Slack receiver.</summary>
public sealed class SendDigestTests : IAsyncLifetime
{
    // Wednesday 9 December 2026, 09:30 UTC: the weekly digest covers 2–8 December (the seeded Tuesday is its last day).
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 9, 9, 30, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<string> _slack = new();
    private LoopbackListener _receiver = null!;
    private SimpleSmtpServer _smtp = null!;
    private PipelineTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _receiver = await LoopbackListener.StartAsync(async context =>
        {
            _slack.Enqueue(await new StreamReader(context.Request.Body).ReadToEndAsync());
            context.Response.StatusCode = 200;
        });
        _smtp = Configuration.Configure().WithAddress(System.Net.IPAddress.Loopback).WithRandomPort().Build();
        _host = await PipelineTestHost.CreateAsync(time: _time, settings: EvaluateAlertsTests.Settings(_receiver, _smtp));
        await EvaluateAlertsTests.SeedAsync(_host.Services, _host.WorkspaceA);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _receiver.DisposeAsync();
        _smtp.Dispose();
    }

    [Fact]
    public async Task A_due_digest_is_sent_once_by_email_and_to_slack_with_the_numbers_against_the_week_before()
    {
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
            db.Add(new Digest
            {
                WorkspaceId = _host.WorkspaceA, UserId = "admin-1", Cadence = DigestCadence.Weekly, Hour = 9, DayOfWeek = DayOfWeek.Wednesday,
                Metrics = ["traffic.sessions", "cac"], SlackWebhookUrl = new Uri(_receiver.Root, "slack").ToString(), NextDueUtc = _time.GetUtcNow().AddMinutes(-30),
            });
            await db.SaveChangesAsync();
        }
        await _host.StartAsync();

        await TickAsync();
        await TickAsync(); // the second tick finds it claimed: nothing more is queued

        var runs = await _host.WithQueueAsync(async _ =>
        {
            await using var scope = _host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<WorkDbContext>().PipelineRuns.IgnoreQueryFilters().Where(r => r.Kind == SendDigest.KindName).ToListAsync();
        });
        var run = Assert.Single(runs);
        var done = await _host.WaitForAsync(run.Id, r => !r.IsActive, TimeSpan.FromSeconds(30));
        Assert.True(done.Status == PipelineRunStatus.Succeeded, $"{done.Status}: {done.ErrorMessage}");

        var mail = Assert.Single(_smtp.ReceivedEmail);
        Assert.Equal("Weekly scorecard for A", mail.Headers["Subject"]);
        var body = mail.MessageParts[0].BodyData;
        Assert.Contains("Dec 2 – Dec 8 against the week before", body);
        Assert.Contains("• Traffic: Sessions: 1,200", body);
        Assert.Contains("• CAC: 120.00 USD", body);
        Assert.Contains("https://pipelines.example.test/dashboard?period=custom&from=2026-12-02&to=2026-12-08&compare=previous", body);
        var slack = (string?)JsonNode.Parse(Assert.Single(_slack))!["text"];
        Assert.StartsWith("*Weekly scorecard for A*", slack);
        Assert.Contains("<https://pipelines.example.test/dashboard?period=custom&from=2026-12-02&to=2026-12-08&compare=previous|Open the dashboard>", slack);

        await using var check = _host.Services.CreateAsyncScope();
        var digest = await check.ServiceProvider.GetRequiredService<WorkDbContext>().Set<Digest>().IgnoreQueryFilters().SingleAsync();
        Assert.Equal((new DateTimeOffset(2026, 12, 16, 9, 0, 0, TimeSpan.Zero), (string?)null), (digest.NextDueUtc, digest.LastError));
        Assert.NotNull(digest.LastSentAt);
    }

    private async Task TickAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ScheduleDueDigests>().Invoke();
    }
}
