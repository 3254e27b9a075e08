using WorkPipelines.Benchmarks;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Api;

/// <summary>
/// A short version of <c>deploy/load.sh</c>: the demo workspace (every sandbox connected and syncing) under many
/// concurrent API clients reading dashboards and runs, asking for syncs and starting runs. No answer may be a 5xx
/// and no request may fail in transport. Latency is printed by the full run, never asserted.
/// </summary>
public sealed class LoadTests(LoadTests.DemoApp app) : IClassFixture<LoadTests.DemoApp>
{
    public sealed class DemoApp : WorkAppFactory
    {
        public const string Email = "load@demo.test";
        public const string Password = "Load-Password-1!";

        protected override IDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
        {
            ["Demo:Enabled"] = "true",
            ["Demo:Email"] = Email,
            ["Demo:Password"] = Password,
            ["Demo:SandboxHistoryDays"] = "5",
            ["Connectors:SandboxHistoryDays"] = "5",
        };
    }

    [Fact]
    public async Task Twenty_concurrent_clients_get_no_server_errors_while_syncs_and_runs_execute()
    {
        var driver = new LoadDriver(app.RootUri, DemoApp.Email, DemoApp.Password);

        var result = await driver.RunAsync(clients: 20, duration: TimeSpan.FromSeconds(10));

        Assert.True(result.ServerErrors == 0 && result.TransportErrors == 0, string.Join("\n", result.Lines()));
        Assert.Equal(["connectors list", "dashboard aggregate", "pipelines list", "self-test run", "sync request"],
            result.Samples.Select(s => s.Kind).Distinct().Order());
        Assert.All(result.Samples.Where(s => s.Kind.EndsWith(" list") || s.Kind.EndsWith(" aggregate")), s => Assert.Equal(200, s.Status));
        Assert.All(result.Samples.Where(s => s.Kind == "self-test run"), s => Assert.Equal(202, s.Status));
    }
}
