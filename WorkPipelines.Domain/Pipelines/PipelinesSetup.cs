using Coravel;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace WorkPipelines.Domain.Pipelines;

public static class PipelinesSetup
{
    /// <summary>
    /// The run engine: the queue (the PipelineRuns table), the worker that claims and executes runs,
    /// and the Coravel scheduler that drives the lease sweeper (see <see cref="DependencyInjection.UsePipelines"/>).
    /// </summary>
    public static IServiceCollection AddPipelines(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PipelineOptions>()
            .Bind(configuration.GetSection(PipelineOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PipelineOptions>>(new PipelineOptionsValidator());
        services.AddSingleton<PipelineSignal>();
        services.TryAddSingleton<EngineWriteGate>();
        services.AddSingleton<RunEventBus>();
        services.AddSingleton<PipelineKinds>();
        // One store per database (see RunStore); the queue above it never asks which.
        services.AddScoped<RunStore>(sp => sp.GetRequiredService<WorkDbContext>().IsPostgres
            ? new PostgresRunStore(sp.GetRequiredService<WorkDbContext>())
            : new SqliteRunStore(sp.GetRequiredService<WorkDbContext>(), sp.GetRequiredService<EngineWriteGate>()));
        services.AddScoped<RunQueue>();
        services.AddSingleton<RunCompletions>();
        services.AddScoped<RunBrowser>();
        services.AddScoped<RunActions>();
        services.AddSingleton<RunExecutor>();
        services.AddSingleton<PipelineWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<PipelineWorker>());
        services.AddHostedService<PostgresRunWakeup>();
        services.AddTransient<SweepExpiredLeases>();
        services.AddScheduler();
        services.AddPipelineKind<SelfTest.RunSelfTest>();
        return services;
    }

    /// <summary>Registers a pipeline kind; each attempt resolves it in the run's own scope.</summary>
    public static IServiceCollection AddPipelineKind<TKind>(this IServiceCollection services) where TKind : class, IPipelineKind
    {
        services.AddScoped<TKind>();
        services.AddSingleton(new PipelineKindRegistration(typeof(TKind)));
        return services;
    }
}
