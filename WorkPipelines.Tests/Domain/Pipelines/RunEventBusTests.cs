using Microsoft.Extensions.Logging.Abstractions;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Tests.Domain.Pipelines;

public sealed class RunEventBusTests
{
    private static RunEvent Event(RunEventType type) =>
        new(type, Guid.NewGuid(), Guid.NewGuid(), "diagnostics.self-test", "Self-test", PipelineRunStatus.Running, 0, null, null, DateTimeOffset.UtcNow);

    [Fact]
    public void Events_of_other_instances_reach_every_subscriber_but_not_the_forwarders_of_this_one()
    {
        var bus = new RunEventBus(NullLogger<RunEventBus>.Instance);
        List<RunEvent> all = [], local = [];
        using var a = bus.Subscribe(all.Add);
        using var b = bus.SubscribeToLocal(local.Add);
        var mine = Event(RunEventType.Started);
        var theirs = Event(RunEventType.Progress);

        bus.Publish(mine);
        bus.PublishFromOtherInstance(theirs);

        Assert.Equal([mine, theirs], all);
        Assert.Equal([mine], local); // a forwarder that heard "theirs" would send it round again
    }

    [Fact]
    public void A_failing_handler_does_not_stop_the_others_and_a_disposed_one_hears_nothing()
    {
        var bus = new RunEventBus(NullLogger<RunEventBus>.Instance);
        List<RunEvent> heard = [], late = [];
        using var failing = bus.Subscribe(_ => throw new InvalidOperationException("boom"));
        using var ok = bus.Subscribe(heard.Add);
        var gone = bus.Subscribe(late.Add);
        gone.Dispose();

        bus.Publish(Event(RunEventType.Succeeded));

        Assert.Single(heard);
        Assert.Empty(late);
    }
}
