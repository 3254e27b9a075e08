using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Tests.Web.Pipelines;

namespace WorkPipelines.Tests.Web.Realtime;

[Collection(AppCollection.Name)]
public sealed class WorkHubTests(WorkAppFactory app)
{
    [Fact]
    public async Task Hub_pushes_a_runs_lifecycle_to_its_workspace_and_not_to_others()
    {
        var owner = await ApiUser.RegisterAsync(app, "hub-owner");
        var stranger = await ApiUser.RegisterAsync(app, "hub-stranger");
        var ownerEvents = new ConcurrentQueue<RunEvent>();
        var strangerEvents = new ConcurrentQueue<RunEvent>();
        await using var ownerHub = await ConnectAsync(owner, ownerEvents);
        await using var strangerHub = await ConnectAsync(stranger, strangerEvents);

        var run = await PipelinesApiTests.StartSelfTestAsync(owner, seconds: 1);
        await PipelinesApiTests.WaitForAsync(owner, run.Id, r => r.Status == PipelineRunStatus.Succeeded);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!ownerEvents.Any(e => e.Type == RunEventType.Succeeded) && DateTime.UtcNow < deadline) await Task.Delay(50);

        var types = ownerEvents.Where(e => e.RunId == run.Id).Select(e => e.Type).ToList();
        Assert.Equal(RunEventType.Queued, types.First());
        Assert.Contains(RunEventType.Started, types);
        Assert.Contains(RunEventType.Progress, types);
        Assert.Equal(RunEventType.Succeeded, types.Last());
        Assert.DoesNotContain(strangerEvents, e => e.RunId == run.Id);
    }

    [Fact]
    public async Task Hub_refuses_connections_without_credentials()
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.RootUri, "hubs/work"))
            .Build();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    private async Task<HubConnection> ConnectAsync(ApiUser user, ConcurrentQueue<RunEvent> events)
    {
        var token = user.Client.DefaultRequestHeaders.Authorization!.Parameter;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.RootUri, "hubs/work"), o => o.AccessTokenProvider = () => Task.FromResult(token))
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        connection.On<RunEvent>("runEvent", events.Enqueue);
        await connection.StartAsync();
        return connection;
    }
}
