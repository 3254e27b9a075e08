using WorkPipelines.Domain.Connectors.Graph;

namespace WorkPipelines.Tests.Domain.Connectors.Graph;

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
    [Theory]
    [InlineData("{\"app_id_util_pct\":40,\"acc_id_util_pct\":12.5,\"ads_api_access_tier\":\"standard_access\"}", 0)]
    [InlineData("{\"app_id_util_pct\":95,\"acc_id_util_pct\":12.5,\"ads_api_access_tier\":\"standard_access\"}", 18)]
    [InlineData("{\"app_id_util_pct\":3,\"acc_id_util_pct\":100,\"ads_api_access_tier\":\"standard_access\"}", 30)]
    [InlineData("{\"acc_id_util_pct\":\"high\"}", 0)]
    public void The_insights_throttle_header_slows_the_next_call_as_app_or_account_nears_its_capacity(string throttle, double seconds)
    {
        var usage = GraphUsage.Parse(null, null, null, throttle);

        Assert.Equal(seconds, usage.Delay.TotalSeconds, tolerance: 0.001);
    }

    [Theory]
    [InlineData(1, null, "Please reduce the amount of data you're asking for, then retry your request", true, false)]
    [InlineData(100, 1487534, "(#100) The request exceeded the data-per-call limit", true, false)]
    [InlineData(1, null, "An unknown error occurred", false, true)]
    [InlineData(2, null, "An unexpected error has occurred. Please retry your request later.", false, true)]
    public void Too_much_data_is_told_apart_from_a_passing_fault(int code, int? subcode, string message, bool tooMuch, bool retryable)
    {
        var error = new GraphError(code, subcode, message, "OAuthException", null, IsTransient: false);

        Assert.Equal(tooMuch, error.IsTooMuchData);
        Assert.Equal(retryable, error.IsRetryable);
    }
}
