using WorkPipelines.Domain.Connectors.Graph;

namespace WorkPipelines.Tests.Connectors;

public sealed class GraphUsageTests
{
    [Theory]
    [InlineData(null, null, null, 0)]
    [InlineData("{\"call_count\":40,\"total_cputime\":10,\"total_time\":20}", null, null, 0)]
    [InlineData("{\"call_count\":89,\"total_cputime\":10,\"total_time\":20}", null, null, 0)]
    [InlineData("{\"call_count\":10,\"total_cputime\":90,\"total_time\":20}", null, null, 3)]
    [InlineData(null, "{\"123\":[{\"type\":\"ads_insights\",\"call_count\":12,\"total_cputime\":5,\"total_time\":95,\"estimated_time_to_regain_access\":0}]}", null, 18)]
    [InlineData(null, "{\"123\":[{\"type\":\"pages\",\"call_count\":100,\"total_cputime\":5,\"total_time\":5,\"estimated_time_to_regain_access\":0}]}", null, 30)]
    [InlineData(null, "{\"123\":[{\"type\":\"ads_insights\",\"call_count\":1,\"total_cputime\":1,\"total_time\":1,\"estimated_time_to_regain_access\":5}]}", null, 30)]
    [InlineData(null, null, "{\"acc_id_util_pct\":92.5,\"reset_time_duration\":0,\"ads_api_access_tier\":\"standard_access\"}", 10.5)]
    [InlineData(null, null, "{\"acc_id_util_pct\":20,\"reset_time_duration\":12}", 12)]
    [InlineData("not json", "{\"123\":\"not an array\"}", "[]", 0)]
    public void Usage_headers_turn_into_a_pause_before_the_next_call(string? app, string? businessUseCase, string? adAccount, double seconds)
    {
        var usage = GraphUsage.Parse(app, businessUseCase, adAccount);

        Assert.Equal(seconds, usage.Delay.TotalSeconds, tolerance: 0.001);
    }
}
