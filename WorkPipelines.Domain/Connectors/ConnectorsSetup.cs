using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using WorkPipelines.Domain.Connectors.OAuth;
using WorkPipelines.Domain.Connectors.Sync;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Outbound;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.Connectors;

public static class ConnectorsSetup
{
    /// <summary>Connections, the sync pipeline, rollups and every provider's connector; the sandbox is WorkPipelines.Sandbox's (<c>AddSandbox()</c>).</summary>
    public static IServiceCollection AddConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConnectorOptions>().Bind(configuration.GetSection(ConnectorOptions.Section))
            .Validate(o => o.Ga4RowsPerRequest is >= 1 and <= 250_000, "Connectors:Ga4RowsPerRequest must be between 1 and 250000 (the GA4 Data API's most rows per request)")
            .ValidateOnStart();
        services.AddDataProtection();
        services.AddSingleton<CredentialProtector>();
        services.AddScoped<ConnectorRegistry>();
        services.AddScoped<ConnectionSessions>();
        services.AddScoped<ConnectionService>();
        services.AddScoped<ConnectorViews>();
        services.AddScoped<SyncHistoryQuery>();
        services.AddScoped<RecordWriter>();
        services.AddScoped<Rollups>();
        services.AddConnectorOAuth(configuration);
        services.AddTransient<ScheduleDueSyncs>();
        services.AddPipelineKind<SyncConnection>();

        services.AddConnector<Stripe.StripeConnector>(Stripe.StripeConnector.Key);
        services.AddConnector<Ga4.Ga4Connector>(Ga4.Ga4Connector.Key);
        services.AddConnector<Zendesk.ZendeskConnector>(Zendesk.ZendeskConnector.Key);
        services.AddConnector<Meta.MetaConnector>(Meta.MetaConnector.Key);
        services.AddConnector<Social.SocialConnector>(Social.SocialConnector.Key);
        services.AddConnector<Shopify.ShopifyConnector>(Shopify.ShopifyConnector.Key);
        services.AddConnector<Mailchimp.MailchimpConnector>(Mailchimp.MailchimpConnector.Key);

        // Two clients, each with the standard pipeline (retries 429/5xx with backoff, honours Retry-After, per-attempt and
        // total timeouts; tunable under Connectors:Resilience) and neither following redirects: real connections connect
        // only where the outbound policy allows, checked again on every new connection; sandbox connections only to the sandbox.
        AddConnectorClient(services, configuration, ConnectorRegistry.HttpClientName, sp => OutboundHttp.Handler(sp.GetRequiredService<AddressGate>()))
            .AddHttpMessageHandler(() => new OutboundPolicyHandler());
        AddConnectorClient(services, configuration, ConnectorRegistry.SandboxHttpClientName, sp => new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectCallback = sp.GetService<ISandbox>() is { } sandbox ? sandbox.ConnectAsync
                : (_, _) => throw new FetchRefusedException(ConnectionService.NoSandbox),
        });
        return services;
    }

    private static IHttpClientBuilder AddConnectorClient(IServiceCollection services, IConfiguration configuration, string name, Func<IServiceProvider, HttpMessageHandler> primary)
    {
        var client = services.AddHttpClient(name, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("WorkPipelines/1.0"))
            .ConfigurePrimaryHttpMessageHandler(primary);
        client.AddStandardResilienceHandler().Configure((options, services) =>
        {
            // No shared circuit breaker: one client serves every connection of every workspace, so a
            // breaker opened by one account's outage would stop all the others. The engine's run
            // backoff and the pause after repeated failures do that job per connection.
            options.CircuitBreaker.ShouldHandle = _ => ValueTask.FromResult(false);
            configuration.GetSection("Connectors:Resilience").Bind(options);
            // A Retry-After longer than a few seconds would outlast the total request timeout: answer it to the connector,
            // which waits it out within the run (RateLimits.WaitOutAsync) instead of failing the request.
            var retries = options.Retry.ShouldHandle;
            var time = services.GetRequiredService<TimeProvider>();
            options.Retry.ShouldHandle = args => RateLimits.IsLongerThanHttpWait(args.Outcome.Result, time) ? ValueTask.FromResult(false) : retries(args);
        });
        return client;
    }

    public static IServiceCollection AddConnector<TConnector>(this IServiceCollection services, string provider) where TConnector : class, IConnector
    {
        services.AddScoped<TConnector>();
        services.AddSingleton(new ConnectorRegistration(provider, typeof(TConnector)));
        return services;
    }
}
