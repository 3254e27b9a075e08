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
        // A webhook is a user-given address: every connection passes the outbound policy; no redirects, no retries
        // (an evaluation that fails is not repeated for the day, so a webhook down for a minute misses one alert).
        services.AddHttpClient(AlertDelivery.HttpClientName, client =>
            {
                client.Timeout = TimeSpan.FromSeconds(15);
                client.DefaultRequestHeaders.UserAgent.ParseAdd("WorkPipelines/1.0");
                OutboundHttp.StayOnTcp(client);
            })
            .ConfigurePrimaryHttpMessageHandler(sp => OutboundHttp.Handler(sp.GetRequiredService<AddressGate>()))
            .AddHttpMessageHandler(() => new OutboundPolicyHandler());
        return services;
    }
}
