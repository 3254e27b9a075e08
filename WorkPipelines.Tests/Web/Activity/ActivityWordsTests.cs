using WorkPipelines.Domain.Activity;
using WorkPipelines.Web.Features.Activity;

namespace WorkPipelines.Tests.Web.Activity;

/// <summary>The activity page's words for each stored action code and target: no codes, no ids, sources by name.</summary>
public sealed class ActivityWordsTests
{
    [Theory]
    [InlineData("connection.sync_requested", "ga4", "asked for a sync", "Google Analytics 4", "connectors")]
    [InlineData("connection.connected", "stripe (sandbox)", "connected a source", "Stripe (sample data)", "connectors")]
    [InlineData("connection.updated", "shopify: Every6Hours, paused", "changed a source's sync schedule", "Shopify: every 6 hours, paused", "connectors")]
    [InlineData("connection.updated", "zendesk: Every15Minutes", "changed a source's sync schedule", "Zendesk: every 15 minutes", "connectors")]
    [InlineData("run.cancelled", "0193a1b2-0000-7000-8000-000000000001", "cancelled a run", "the run", "pipelines/0193a1b2-0000-7000-8000-000000000001")]
    [InlineData("run.started", "diagnostics.self-test 0193a1b2-0000-7000-8000-000000000002", "started a check of the background work", "the run", "pipelines/0193a1b2-0000-7000-8000-000000000002")]
    [InlineData("report.requested", "Executive 0193a1b2-0000-7000-8000-000000000003", "asked for an Executive report", "the report", "reports/0193a1b2-0000-7000-8000-000000000003")]
    [InlineData("report_schedule.created", "Revenue weekly on Monday at 08:00", "scheduled a report", "Revenue weekly on Monday at 08:00", "reports")]
    [InlineData("report_schedule.deleted", "0193a1b2-0000-7000-8000-000000000004", "deleted a report schedule", null, "reports")]
    [InlineData("user.signed_in", "web", "signed in", null, null)]
    [InlineData("user.signed_in", "api token", "signed in", "with an API token", null)]
    [InlineData("something.new", "as stored", "something.new", "as stored", null)]
    public void An_entry_reads_as_words(string action, string target, string what, string? about, string? link)
    {
        var said = ActivityWords.Describe(new ActivityEntry { ActorName = "Ada", Action = action, Target = target });

        Assert.Equal(new ActivityWords.Described(what, about, link), said);
    }
}
