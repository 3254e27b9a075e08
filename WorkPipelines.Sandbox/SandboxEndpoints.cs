using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace WorkPipelines.Sandbox;

public static class SandboxEndpoints
{
    /// <summary>Mounts every registered sandbox provider at <c>/sandbox/{provider}</c>, behind its fault filter.</summary>
    public static IEndpointRouteBuilder MapSandbox(this IEndpointRouteBuilder endpoints)
    {
        foreach (var provider in endpoints.ServiceProvider.GetServices<ISandboxProvider>())
        {
            if (provider is ISandboxTokenEndpoint issuer)
                issuer.MapTokenEndpoint(endpoints.MapGroup($"/sandbox/{provider.Provider}").ExcludeFromDescription().AllowAnonymous());
            // The provider's sign-in, outside the fault filter like a token endpoint: its requests carry no API token.
            else if (OAuth.SandboxOAuthFormat.For(provider.Provider) is { } format)
                OAuth.SandboxOAuth.MapEndpoints(endpoints.MapGroup($"/sandbox/{provider.Provider}").ExcludeFromDescription().AllowAnonymous(), format);
            var group = endpoints.MapGroup($"/sandbox/{provider.Provider}")
                .ExcludeFromDescription()
                .AllowAnonymous()
                .AddEndpointFilterFactory((context, next) =>
                {
                    var filter = new SandboxFaultFilter(provider, context.ApplicationServices.GetRequiredService<SandboxAccounts>());
                    return invocation => filter.InvokeAsync(invocation, next);
                });
            provider.MapEndpoints(group);
        }
        return endpoints;
    }
}
