using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace WorkPipelines.Domain.Agents;

public static class AgentsSetup
{
    /// <summary>The seed's "work agents": per agent statistics over the runs of a period.</summary>
    public static IServiceCollection AddAgents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<AgentStatsQuery>();
        return services;
    }
}
