using System.Linq.Expressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Identity;
using WorkPipelines.Domain.Notifications;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Data;

/// <summary>Identity, tenants and every workspace-owned table. Tenant rows are filtered by <see cref="CurrentWorkspace"/>.</summary>
/// <remarks>This type runs on SQLite (the default); <see cref="PostgresWorkDbContext"/> is the same model on PostgreSQL with its own migrations.</remarks>
public class WorkDbContext : IdentityDbContext<AppUser>, IDataProtectionKeyContext
{
    private CurrentWorkspace _workspace;

    /// <summary>
    /// Made without a workspace: it sees no tenant rows until it is given one. The app's contexts come from a pool
    /// (<see cref="DataSetup"/>, which wants this one constructor) and reach a scope only through <see cref="Rent"/>, which
    /// gives each its scope's workspace; a context built by hand (design time) gets one with <see cref="UseWorkspace"/>.
    /// </summary>
    public WorkDbContext(DbContextOptions<WorkDbContext> options) : this((DbContextOptions)options) { }

    /// <summary>For provider subclasses, which carry their own options type (and so their own migrations).</summary>
    protected WorkDbContext(DbContextOptions options) : base(options) => _workspace = new CurrentWorkspace();

    /// <summary>The workspace whose rows the tenant filters let through (a reference: the scope may resolve it later).</summary>
    internal WorkDbContext UseWorkspace(CurrentWorkspace workspace)
    {
        _workspace = workspace;
        return this;
    }

    /// <summary>
    /// A pooled context for one DI scope, in that scope's workspace. Every context the app's services get comes through here:
    /// a context that served another scope (another tenant) before keeps nothing of it — EF resets its tracking and connection
    /// state when it goes back to the pool, and this replaces the workspace its tenant filters read and drops side effects a
    /// transaction that never committed left behind.
    /// </summary>
    internal static TContext Rent<TContext>(IServiceProvider scope) where TContext : WorkDbContext
    {
        var context = scope.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
        context.UseWorkspace(scope.GetRequiredService<CurrentWorkspace>()).AfterCommit.Clear();
        return context;
    }

    /// <summary>Side effects waiting for the current transaction to commit (see <see cref="AfterCommitInterceptor"/>).</summary>
    internal List<Action> AfterCommit { get; } = [];

    // The app's registration (DataSetup) puts the interceptor in its options already; a context built by hand (tests, design
    // time) gets it here. Adding it again would make EF treat every context's options as new ones.
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        if (optionsBuilder.Options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.Interceptors?.Contains(AfterCommitInterceptor.Instance) != true)
            optionsBuilder.AddInterceptors(AfterCommitInterceptor.Instance);
    }

    /// <summary>
    /// On PostgreSQL (the app registers <see cref="PostgresWorkDbContext"/> there): a type test, where <c>Database.IsNpgsql()</c>
    /// asks EF's services for the provider on every call — per scope in the engine's hot path.
    /// </summary>
    public bool IsPostgres => this is PostgresWorkDbContext;

    /// <summary>Read by the global query filters; EF evaluates it per context instance.</summary>
    internal Guid CurrentWorkspaceId => _workspace.WorkspaceId;

    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<ActivityEntry> Activity => Set<ActivityEntry>();
    public DbSet<PipelineRun> PipelineRuns => Set<PipelineRun>();
    public DbSet<PipelineRunLog> PipelineRunLogs => Set<PipelineRunLog>();
    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;
    public DbSet<Connectors.Connection> Connections => Set<Connectors.Connection>();
    public DbSet<Connectors.StreamCheckpoint> StreamCheckpoints => Set<Connectors.StreamCheckpoint>();
    public DbSet<Connectors.SourceRecord> SourceRecords => Set<Connectors.SourceRecord>();
    public DbSet<Metrics.DailyMetric> DailyMetrics => Set<Metrics.DailyMetric>();
    public DbSet<Connectors.SandboxAccount> SandboxAccounts => Set<Connectors.SandboxAccount>();
    public DbSet<Reports.Report> Reports => Set<Reports.Report>();
    public DbSet<Reports.Schedules.ReportSchedule> ReportSchedules => Set<Reports.Schedules.ReportSchedule>();
    public DbSet<BrandAnalysis.BrandAnalysis> BrandAnalyses => Set<BrandAnalysis.BrandAnalysis>();
    public DbSet<Goals.Goal> Goals => Set<Goals.Goal>();
    public DbSet<Annotations.Annotation> Annotations => Set<Annotations.Annotation>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(WorkDbContext).Assembly);

        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)))
        {
            builder.Entity(entity.ClrType).HasQueryFilter(TenantFilter(entity.ClrType));
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset; store UTC ticks so ORDER BY and ranges work.
        // PostgreSQL keeps the same bigint ticks, so the engine's raw SQL (the claim) binds the same values on both.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
    }

    private LambdaExpression TenantFilter(Type entityType)
    {
        // e => e.WorkspaceId == this.CurrentWorkspaceId
        var e = Expression.Parameter(entityType, "e");
        var body = Expression.Equal(
            Expression.Property(e, nameof(ITenantOwned.WorkspaceId)),
            Expression.Property(Expression.Constant(this), nameof(CurrentWorkspaceId)));
        return Expression.Lambda(body, e);
    }
}
