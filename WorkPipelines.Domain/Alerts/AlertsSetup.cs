using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Outbound;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.Alerts;

public static class AlertsSetup
{
    /// <summary>
    /// Alerts: the <c>evaluate-alerts</c> kind, the hourly tick and the after-sync trigger that queue it, and delivery
    /// (bell, email through the SMTP settings, webhooks through the outbound policy).
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.Section));
        services.AddScoped<AlertDelivery>();
        services.AddScoped<AlertService>();
        services.AddTransient<ScheduleAlertEvaluations>();
        services.AddHostedService<EvaluateAfterSync>();
        services.AddPipelineKind<EvaluateAlerts>();
        // A webhook is a user-given address: every connection passes the outbound policy (the policy handler outermost, the
        // address gate in the primary handler, so each retry is checked again); no redirects. An answer a server gives when it
        // is briefly down (5xx, 408, 429) or a failed connection is tried again, three times over about seven seconds, since an
        // evaluation is not repeated for the day: without it a webhook down for a moment missed that day's alert. No circuit
        // breaker: one client serves every workspace's webhooks, and one dead receiver must not stop the others.
        services.AddHttpClient(AlertDelivery.HttpClientName, client =>
            {
                client.Timeout = TimeSpan.FromSeconds(45); // the resilience pipeline's own total (30 s) ends a delivery first
                client.DefaultRequestHeaders.UserAgent.ParseAdd("WorkPipelines/1.0");
                OutboundHttp.StayOnTcp(client);
            })
            .ConfigurePrimaryHttpMessageHandler(sp => OutboundHttp.Handler(sp.GetRequiredService<AddressGate>()))
            .AddHttpMessageHandler(() => new OutboundPolicyHandler())
            .AddStandardResilienceHandler(options =>
            {
                options.CircuitBreaker.ShouldHandle = _ => ValueTask.FromResult(false);
                options.Retry.MaxRetryAttempts = 3;
                options.Retry.Delay = TimeSpan.FromSeconds(1);
                options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
                options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(30);
            });
        return services;
    }
}
