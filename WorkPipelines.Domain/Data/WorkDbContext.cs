using System.Linq.Expressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Identity;
using WorkPipelines.Domain.Notifications;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Data;

/// <summary>Identity, tenants and every workspace-owned table. Tenant rows are filtered by <see cref="CurrentWorkspace"/>.</summary>
public class WorkDbContext(DbContextOptions<WorkDbContext> options, CurrentWorkspace workspace)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>Read by the global query filters; EF evaluates it per context instance.</summary>
    internal Guid CurrentWorkspaceId => workspace.WorkspaceId;

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
    public DbSet<Sandbox.SandboxAccount> SandboxAccounts => Set<Sandbox.SandboxAccount>();
    public DbSet<Reports.Report> Reports => Set<Reports.Report>();
    public DbSet<Reports.Schedules.ReportSchedule> ReportSchedules => Set<Reports.Schedules.ReportSchedule>();
    public DbSet<BrandAnalysis.BrandAnalysis> BrandAnalyses => Set<BrandAnalysis.BrandAnalysis>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(WorkDbContext).Assembly);
        builder.HasDbFunction(typeof(SqlFunctions).GetMethod(nameof(SqlFunctions.JsonNumber))!).HasName("json_extract").IsBuiltIn();

        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)))
        {
            builder.Entity(entity.ClrType).HasQueryFilter(TenantFilter(entity.ClrType));
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset; store UTC ticks so ORDER BY and ranges work.
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
