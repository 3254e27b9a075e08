using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WorkPipelines.Domain.Outbound;

public static class OutboundSetup
{
    /// <summary>
    /// The one outbound policy every user- or workspace-given address goes through (brand analysis, connectors, and
    /// anything later that calls out): the <see cref="AddressGate"/> and its settings. Register another
    /// <see cref="IHostResolver"/> first to replace DNS.
    /// </summary>
    public static IServiceCollection AddOutboundPolicy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboundOptions>()
            .Bind(configuration.GetSection(OutboundOptions.Section))
            .Validate(o => o.AllowedLoopback() is not null, "Outbound:AllowLoopbackEndpoints takes loopback address:port pairs only")
            .ValidateOnStart();
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton<AddressGate>();
        return services;
    }
}
