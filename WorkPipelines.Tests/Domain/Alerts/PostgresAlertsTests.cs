using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Alerts;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Domain.Pipelines;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Alerts;

/// <summary>The evaluation's tests on PostgreSQL.</summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
[Collection(PostgresEngine.Name)]
public sealed class PostgresEvaluateAlertsTests : EvaluateAlertsTests
{
    protected override bool OnPostgres => true;
}

/// <summary>
/// Two instances on one PostgreSQL database evaluating the same day at the same moment, past the concurrency key (as
/// the hourly tick on one and a sync's trigger on the other could, were a run's key ever released early): each rule
/// still fires once, and its webhook is called once.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
[Collection(PostgresEngine.Name)]
public sealed class AlertsTwoInstanceTests : IAsyncLifetime
{
    private const int Rules = 6;
    private readonly ConcurrentQueue<string> _hooks = new();
    private LoopbackListener _receiver = null!;
    private PipelineTestHost _a = null!, _b = null!;

    public async Task InitializeAsync()
    {
        _receiver = await LoopbackListener.StartAsync(async context =>
        {
            _hooks.Enqueue(await new StreamReader(context.Request.Body).ReadToEndAsync());
            context.Response.StatusCode = 200;
        });
        var settings = EvaluateAlertsTests.Settings(_receiver, smtp: null);
        _a = await PipelineTestHost.CreateAsync(postgres: true, settings: settings);
        _b = await PipelineTestHost.CreateAsync(shareDatabaseWith: _a, settings: settings);
        await EvaluateAlertsTests.SeedAsync(_a.Services, _a.WorkspaceA);
        for (var i = 0; i < Rules; i++)
            await EvaluateAlertsTests.AddRuleAsync(_a.Services, new AlertRule
            {
                Name = $"CAC rule {i}", Metric = "cac", Value = 90 + i, WebhookUrl = new Uri(_receiver.Root, $"hook/{i}").ToString(), WebhookFormat = WebhookFormat.Json,
            });
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Each_rule_fires_once_when_two_instances_evaluate_the_same_day_together()
    {
        for (var round = 0; round < 3; round++)
            await Task.WhenAll(EvaluateDirectlyAsync(_a), EvaluateDirectlyAsync(_b), EvaluateDirectlyAsync(_a), EvaluateDirectlyAsync(_b));

        await using var scope = _a.Services.CreateAsyncScope();
        var firings = await scope.ServiceProvider.GetRequiredService<WorkDbContext>().Set<AlertFiring>().IgnoreQueryFilters().CountAsync();
        Assert.Equal(Rules, firings);
        Assert.Equal(Rules, _hooks.Count);
        Assert.Equal(Rules, _hooks.Distinct().Count());
    }

    // The kind itself, in a scope of the given instance, as the engine would run it, on a run of its own (queued without
    // the concurrency key, never claimed: the hosts' workers are not started).
    private async Task EvaluateDirectlyAsync(PipelineTestHost host)
    {
        var run = (await host.EnqueueRequestAsync(new PipelineRequest(host.WorkspaceA, EvaluateAlerts.KindName) { Payload = new EvaluateAlertsPayload(EvaluateAlertsTests.Day) })).Run;
        await Task.Yield();
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(host.WorkspaceA, "A", null, WorkspaceRole.Member);
        var context = new PipelineContext(run, "direct", host.Services.GetRequiredService<IServiceScopeFactory>());
        await scope.ServiceProvider.GetRequiredService<EvaluateAlerts>().ExecuteAsync(context, CancellationToken.None);
    }
}
