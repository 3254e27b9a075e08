using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using netDumbster.smtp;
using WorkPipelines.Domain.Alerts;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Identity;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Notifications;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Domain.Pipelines;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Alerts;

/// <summary>
/// The evaluation on the engine, against real daily metrics: what fires, once per rule and day, delivered to the bell, a
/// loopback SMTP server and a loopback webhook receiver (allowed through the outbound policy by its exact endpoint).
/// </summary>
public class EvaluateAlertsTests : IAsyncLifetime
{
    /// <summary>A Tuesday: CAC 120 that day, sessions 1,200 against Tuesdays around 2,000.</summary>
    internal static readonly DateOnly Day = new(2026, 12, 8);

    protected virtual bool OnPostgres => false;

    private readonly ConcurrentQueue<(string Path, string Body)> _hooks = new();
    private LoopbackListener _receiver = null!;
    private SimpleSmtpServer _smtp = null!;
    private PipelineTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _receiver = await LoopbackListener.StartAsync(async context =>
        {
            _hooks.Enqueue((context.Request.Path, await new StreamReader(context.Request.Body).ReadToEndAsync()));
            context.Response.StatusCode = context.Request.Path == "/gone" ? StatusCodes.Status404NotFound
                : context.Request.Path == "/flaky" && _hooks.Count(h => h.Path == "/flaky") == 1 ? StatusCodes.Status503ServiceUnavailable // down for the first call
                : StatusCodes.Status200OK;
        });
        _smtp = Configuration.Configure().WithAddress(System.Net.IPAddress.Loopback).WithRandomPort().Build();
        _host = await PipelineTestHost.CreateAsync(postgres: OnPostgres, settings: Settings(_receiver, _smtp));
        await SeedAsync(_host.Services, _host.WorkspaceA);
    }

    internal static Dictionary<string, string?> Settings(LoopbackListener receiver, SimpleSmtpServer? smtp) => new()
    {
        ["Outbound:AllowLoopbackEndpoints:0"] = receiver.EndPoint,
        ["Smtp:Host"] = smtp is null ? null : "127.0.0.1",
        ["Smtp:Port"] = smtp?.Configuration.Port.ToString(),
        ["Smtp:From"] = "Work Pipelines <alerts@example.test>",
        ["Smtp:UseTls"] = "false",
        ["Alerts:AppUrl"] = "https://pipelines.example.test",
    };

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _receiver.DisposeAsync();
        _smtp.Dispose();
    }

    [Fact]
    public async Task Rules_that_hold_fire_once_per_day_to_the_bell_email_and_webhooks()
    {
        var cac = await AddRuleAsync(_host.Services, new AlertRule
        {
            Name = "CAC too high", Metric = "cac", Condition = AlertCondition.Threshold, Direction = AlertDirection.Above, Value = 90,
            EmailRecipients = ["owner@example.test"], WebhookUrl = new Uri(_receiver.Root, "slack").ToString(), WebhookFormat = WebhookFormat.Slack,
        });
        var traffic = await AddRuleAsync(_host.Services, new AlertRule
        {
            Name = "Unusual traffic", Metric = "traffic.sessions", Condition = AlertCondition.Anomaly, Direction = AlertDirection.Either,
            WebhookUrl = new Uri(_receiver.Root, "teams").ToString(), WebhookFormat = WebhookFormat.Teams,
        });
        var quiet = await AddRuleAsync(_host.Services, new AlertRule { Name = "CAC above 500", Metric = "cac", Value = 500 });
        var muted = await AddRuleAsync(_host.Services, new AlertRule { Name = "Muted", Metric = "cac", Value = 90, Muted = true });
        await _host.StartAsync();

        await EvaluateAsync();

        var firings = await FiringsAsync();
        Assert.Equal(new[] { cac, traffic }.Order(), firings.Select(f => f.RuleId).Order()); // ids made in one millisecond need not sort in creation order
        Assert.All(firings, f => Assert.Equal((Day, (string?)null), (f.Day, f.DeliveryError)));
        Assert.Equal("CAC was 120.00 USD on Tue Dec 8, above 90.00 USD.", firings.Single(f => f.RuleId == cac).Message);
        Assert.DoesNotContain(firings, f => f.RuleId == quiet || f.RuleId == muted);

        var bell = await NotificationsAsync();
        Assert.Equal(["Alert: CAC too high", "Alert: Unusual traffic"], bell.Select(n => n.Title).Order());
        Assert.All(bell, n => Assert.Equal(("admin-1", NotificationLevel.Warning), (n.UserId, n.Level)));

        var mail = Assert.Single(_smtp.ReceivedEmail);
        Assert.Equal("Alert: CAC too high (A)", mail.Headers["Subject"]);
        Assert.Contains("CAC was 120.00 USD on Tue Dec 8, above 90.00 USD.", mail.MessageParts[0].BodyData);
        Assert.Contains("https://pipelines.example.test/", mail.MessageParts[0].BodyData);

        var slack = JsonNode.Parse(_hooks.Single(h => h.Path == "/slack").Body)!;
        Assert.Equal("*CAC too high* (A)\nCAC was 120.00 USD on Tue Dec 8, above 90.00 USD.\n<https://pipelines.example.test/?period=30d|Open the dashboard>", (string?)slack["text"]);
        var teams = JsonNode.Parse(_hooks.Single(h => h.Path == "/teams").Body)!;
        Assert.Equal("message", (string?)teams["type"]);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)teams["attachments"]![0]!["contentType"]);
        Assert.Contains("expected 1,862–2,128", (string?)teams["attachments"]![0]!["content"]!["body"]![1]!["text"]);

        // Again for the same day (another sync, the hourly tick): nothing new anywhere.
        await EvaluateAsync();
        Assert.Equal(2, (await FiringsAsync()).Count);
        Assert.Equal(2, (await NotificationsAsync()).Count);
        Assert.Equal(2, _hooks.Count);
        Assert.Single(_smtp.ReceivedEmail);
    }

    [Fact]
    public async Task A_channel_that_fails_is_recorded_and_the_others_still_get_it()
    {
        var gone = await AddRuleAsync(_host.Services, new AlertRule
        {
            Name = "To a gone webhook", Metric = "cac", Value = 90, WebhookUrl = new Uri(_receiver.Root, "gone").ToString(), WebhookFormat = WebhookFormat.Json,
        });
        var internalAddress = await AddRuleAsync(_host.Services, new AlertRule
        {
            Name = "To an internal address", Metric = "cac", Value = 90, WebhookUrl = "http://127.0.0.1:9/hook", WebhookFormat = WebhookFormat.Json,
        });
        await _host.StartAsync();

        await EvaluateAsync();

        var firings = (await FiringsAsync()).ToDictionary(f => f.RuleId);
        Assert.Equal("webhook: 404 Not Found", firings[gone].DeliveryError);
        Assert.Contains("refused by the outbound policy", firings[internalAddress].DeliveryError);
        Assert.Equal(2, (await NotificationsAsync()).Count); // the bell still rang for both
        var json = JsonNode.Parse(_hooks.Single().Body)!;
        Assert.Equal(("To a gone webhook", "cac", "2026-12-08", 120.0), ((string?)json["rule"], (string?)json["metric"], (string?)json["day"], (double?)json["value"]));
    }

    [Fact]
    public async Task A_webhook_down_for_a_moment_is_tried_again_and_gets_the_alert()
    {
        var flaky = await AddRuleAsync(_host.Services, new AlertRule
        {
            Name = "To a flaky webhook", Metric = "cac", Value = 90, WebhookUrl = new Uri(_receiver.Root, "flaky").ToString(), WebhookFormat = WebhookFormat.Slack,
        });
        await _host.StartAsync();

        await EvaluateAsync();

        var firing = (await FiringsAsync()).Single(f => f.RuleId == flaky);
        Assert.Null(firing.DeliveryError);
        Assert.Equal(2, _hooks.Count(h => h.Path == "/flaky")); // 503, then delivered
    }

    private async Task EvaluateAsync()
    {
        var run = await _host.EnqueueRequestAsync(new PipelineRequest(_host.WorkspaceA, EvaluateAlerts.KindName)
        {
            Payload = new EvaluateAlertsPayload(Day),
            ConcurrencyKey = EvaluateAlerts.ConcurrencyKey,
        });
        var done = await _host.WaitForAsync(run.Run.Id, r => !r.IsActive, TimeSpan.FromSeconds(60));
        Assert.True(done.Status == PipelineRunStatus.Succeeded, $"{done.Status}: {done.ErrorMessage}");
    }

    private Task<List<AlertFiring>> FiringsAsync() => ReadAsync(db => db.Set<AlertFiring>().IgnoreQueryFilters().AsNoTracking().ToListAsync());

    private Task<List<Notification>> NotificationsAsync() => ReadAsync(db => db.Notifications.IgnoreQueryFilters().AsNoTracking().ToListAsync());

    private async Task<T> ReadAsync<T>(Func<WorkDbContext, Task<T>> read)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<WorkDbContext>());
    }

    internal static async Task<Guid> AddRuleAsync(IServiceProvider services, AlertRule rule)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        var workspace = await db.Workspaces.OrderBy(w => w.Name).Select(w => w.Id).FirstAsync();
        var stored = new AlertRule
        {
            WorkspaceId = workspace, Name = rule.Name, Metric = rule.Metric, Condition = rule.Condition, Direction = rule.Direction, Value = rule.Value,
            Days = rule.Days, Sensitivity = rule.Sensitivity, EmailRecipients = rule.EmailRecipients, WebhookUrl = rule.WebhookUrl,
            WebhookFormat = rule.WebhookFormat, Muted = rule.Muted, CreatedAt = DateTimeOffset.UnixEpoch,
        };
        db.Add(stored);
        await db.SaveChangesAsync();
        return stored.Id;
    }

    /// <summary>An admin, and daily totals: CAC 120 on the day; sessions 1,200 against eight Tuesdays around 2,000.</summary>
    internal static async Task SeedAsync(IServiceProvider services, Guid workspace)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        db.Users.Add(new AppUser { Id = "admin-1", UserName = "admin@example.test", Email = "admin@example.test" });
        db.Memberships.Add(new Membership { WorkspaceId = workspace, UserId = "admin-1", Role = WorkspaceRole.Admin, JoinedAt = DateTimeOffset.UnixEpoch });
        DailyMetric Total(string source, string metric, DateOnly date, double value) => new() { WorkspaceId = workspace, Source = source, Metric = metric, Date = date, Value = value };
        // The metric reader counts a metric only from a connected source (the state it is in does not matter here).
        foreach (var provider in new[] { "meta", "stripe", "ga4" })
            db.Connections.Add(new Connection { WorkspaceId = workspace, Provider = provider, ProtectedCredentials = "-", BaseUrl = "https://example.test/" });
        db.DailyMetrics.AddRange(Total("meta", "ads.spend", Day, 480), Total("stripe", "customers.new", Day, 4), Total("ga4", "traffic.sessions", Day, 1200));
        double[] tuesdays = [2000, 1990, 2010, 1970, 2030, 1950, 2060, 600];
        db.DailyMetrics.AddRange(tuesdays.Select((v, i) => Total("ga4", "traffic.sessions", Day.AddDays(-7 * (i + 1)), v)));
        await db.SaveChangesAsync();
    }
}
