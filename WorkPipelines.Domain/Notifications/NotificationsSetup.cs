using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace WorkPipelines.Domain.Notifications;

public static class NotificationsSetup
{
    /// <summary>The bell's inbox of notifications.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<NotificationInbox>();
        services.AddSingleton<NotificationSignal>();
        services.AddHostedService<RunOutcomeNotifier>();
        return services;
    }
}
