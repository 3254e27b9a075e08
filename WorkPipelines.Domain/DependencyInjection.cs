using Coravel;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Identity;
using WorkPipelines.Domain.Notifications;
using WorkPipelines.Domain.Outbound;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Seeding;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain;

public static class DependencyInjection
{
    /// <summary>Everything the domain needs: the database, workspaces, notifications, activity and the run engine.</summary>
    /// <param name="contentRoot">Folder a relative SQLite path is resolved against (the app's content root), so the database does not move with the working directory.</param>
    public static IServiceCollection AddWorkPipelinesDomain(this IServiceCollection services, IConfiguration configuration, string? contentRoot = null) =>
        services
            .AddWorkDatabase(configuration, contentRoot)
            .AddWorkspaces(configuration)
            .AddPipelines(configuration)
            .AddOutboundPolicy(configuration)
            .AddConnectors(configuration)
            .AddBrandAnalysis(configuration);

    /// <summary>
    /// The database named by <c>Database:Provider</c>: <c>Sqlite</c> (default; <c>ConnectionStrings:Work</c> defaults to
    /// App_Data/workpipelines.db) or <c>Postgres</c> (<c>ConnectionStrings:Work</c> required). Services always ask for
    /// <see cref="WorkDbContext"/>; on PostgreSQL it is a <see cref="PostgresWorkDbContext"/> with its own migrations.
    /// </summary>
    public static IServiceCollection AddWorkDatabase(this IServiceCollection services, IConfiguration configuration, string? contentRoot = null)
    {
        var provider = configuration["Database:Provider"] is { Length: > 0 } name ? name : "Sqlite";
        var configured = configuration.GetConnectionString("Work");
        if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var sqlite = new SqliteConnectionStringBuilder(configured ?? "Data Source=App_Data/workpipelines.db");
            if (contentRoot is not null && sqlite.DataSource is { Length: > 0 } file && file != ":memory:" && !Path.IsPathRooted(file))
                sqlite.DataSource = Path.Combine(contentRoot, file);
            var connectionString = sqlite.ToString();
            services.AddDbContext<WorkDbContext>(options => options.UseSqlite(connectionString).AddInterceptors(new SqliteBusyTimeoutInterceptor()));
        }
        else if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(configured))
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Work is empty; set it, e.g. Host=db;Database=workpipelines;Username=app;Password=...");
            services.AddDbContext<WorkDbContext, PostgresWorkDbContext>(options => options.UseNpgsql(configured));
        }
        else
        {
            throw new InvalidOperationException($"unknown Database:Provider '{provider}'; known: Sqlite, Postgres");
        }
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static IServiceCollection AddWorkspaces(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section));
        services.AddScoped<CurrentWorkspace>();
        services.AddScoped<WorkspaceResolver>();
        services.AddScoped<WorkspaceProvisioner>();
        services.AddScoped<WorkspaceMembers>();
        services.AddScoped<WorkspaceSettings>();
        services.AddScoped<NotificationInbox>();
        services.AddScoped<ActivityLog>();
        services.AddScoped<RequestOrigin>();
        services.AddScoped<ActivityFeed>();
        services.AddScoped<UserPreferences>();
        services.AddScoped<Metrics.Dashboard.DashboardQueries>();
        services.AddScoped<Metrics.Dashboard.DashboardAggregator>();
        services.AddOptions<Metrics.Dashboard.DashboardOptions>()
            .Bind(configuration.GetSection(Metrics.Dashboard.DashboardOptions.Section))
            .Validate(o => o.PanelTimeout > TimeSpan.Zero, "Dashboard:PanelTimeout must be positive")
            .ValidateOnStart();
        services.AddScoped<Reports.ReportService>();
        services.AddScoped<Reports.Schedules.ReportScheduleService>();
        services.AddScoped<Reports.Schedules.ReportDelivery>();
        services.AddOptions<Reports.Schedules.SmtpOptions>().Bind(configuration.GetSection(Reports.Schedules.SmtpOptions.Section));
        return services;
    }

    /// <summary>
    /// The run engine: the queue (the PipelineRuns table), the worker that claims and executes runs,
    /// and the Coravel scheduler that drives the lease sweeper (see <see cref="UsePipelines"/>).
    /// </summary>
    public static IServiceCollection AddPipelines(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PipelineOptions>()
            .Bind(configuration.GetSection(PipelineOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PipelineOptions>>(new PipelineOptionsValidator());
        services.AddSingleton<PipelineSignal>();
        services.AddSingleton<EngineWriteGate>();
        services.AddSingleton<RunEventBus>();
        services.AddSingleton<PipelineKinds>();
        services.AddScoped<RunQueue>();
        services.AddScoped<RunBrowser>();
        services.AddScoped<RunActions>();
        services.AddScoped<AgentStatsQuery>();
        services.AddSingleton<RunExecutor>();
        services.AddSingleton<PipelineWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<PipelineWorker>());
        services.AddTransient<SweepExpiredLeases>();
        services.AddTransient<Reports.Schedules.ScheduleDueReports>();
        services.AddScheduler();
        services.AddPipelineKind<Pipelines.SelfTest.RunSelfTest>();
        services.AddPipelineKind<Reports.GenerateReport>();
        return services;
    }

    /// <summary>
    /// Brand analysis: the SSRF-safe fetcher (one pooled HttpClient behind the outbound policy's address gate), the
    /// crawler and the <c>brand.analyze</c> kind.
    /// </summary>
    public static IServiceCollection AddBrandAnalysis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BrandAnalysis.BrandAnalysisOptions>()
            .Bind(configuration.GetSection(BrandAnalysis.BrandAnalysisOptions.Section))
            .Validate(o => o.MaxBodyBytes > 0 && o.MaxPages >= 1 && o.MaxRedirects >= 0 && o.FetchTimeout > TimeSpan.Zero,
                "BrandAnalysis limits must be positive")
            .ValidateOnStart();
        services.AddSingleton<BrandAnalysis.Fetching.SafeFetcher>();
        services.AddScoped<BrandAnalysis.SiteCrawler>();
        services.AddScoped<BrandAnalysis.BrandAnalysisService>();
        services.AddPipelineKind<BrandAnalysis.AnalyzeBrand>();
        return services;
    }

    /// <summary>Registers a pipeline kind; each attempt resolves it in the run's own scope.</summary>
    public static IServiceCollection AddPipelineKind<TKind>(this IServiceCollection services) where TKind : class, IPipelineKind
    {
        services.AddScoped<TKind>();
        services.AddSingleton(new PipelineKindRegistration(typeof(TKind)));
        return services;
    }

    /// <summary>Schedules the engine's recurring work on Coravel's scheduler (call once, after Build).</summary>
    public static IServiceProvider UsePipelines(this IServiceProvider services)
    {
        var sweepSeconds = services.GetRequiredService<IOptions<PipelineOptions>>().Value.SweepIntervalSeconds;
        // Every recurring job of the product is declared here.
        services.UseScheduler(scheduler =>
            {
                scheduler.Schedule<SweepExpiredLeases>().EverySeconds(sweepSeconds).PreventOverlapping(nameof(SweepExpiredLeases));
                scheduler.Schedule<Connectors.Sync.ScheduleDueSyncs>().EveryMinute().PreventOverlapping(nameof(Connectors.Sync.ScheduleDueSyncs));
                scheduler.Schedule<Reports.Schedules.ScheduleDueReports>().EveryMinute().PreventOverlapping(nameof(Reports.Schedules.ScheduleDueReports));
            })
            .OnError(ex => services.GetRequiredService<ILoggerFactory>().CreateLogger(nameof(SweepExpiredLeases))
                .LogError(ex, "A scheduled task failed"));
        return services;
    }
}
