using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Data.Configurations;

internal sealed class PipelineRunConfiguration : IEntityTypeConfiguration<PipelineRun>
{
    public const string OneRunningPerKey = "IX_PipelineRuns_OneRunningPerKey";

    public void Configure(EntityTypeBuilder<PipelineRun> builder)
    {
        builder.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(r => r.IsActive);

        // Stored as text so the claim SQL and ad-hoc queries read naturally ('Queued', 'Running').
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.ErrorKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Timeout).HasConversion<long>();
        builder.Property(r => r.Kind).HasMaxLength(100);
        builder.Property(r => r.LeaseOwner).HasMaxLength(200);
        builder.Property(r => r.ConcurrencyKey).HasMaxLength(200);
        builder.Property(r => r.ProgressMessage).HasMaxLength(500);
        builder.Property(r => r.ErrorMessage).HasMaxLength(2000);
        builder.Property(r => r.RequestedByUserId).HasMaxLength(450);

        // Claiming scans Queued runs by due time.
        builder.HasIndex(r => new { r.Status, r.NextAttemptAt });
        // Enqueue looks for the active run of a key.
        builder.HasIndex(r => new { r.WorkspaceId, r.ConcurrencyKey, r.Status }, "IX_PipelineRuns_ConcurrencyKey");
        // Backstop for the claim's NOT EXISTS: the database itself refuses a second Running run per key.
        // The filter's quoted identifiers are standard SQL: the same text works on SQLite and PostgreSQL.
        builder.HasIndex(r => new { r.WorkspaceId, r.ConcurrencyKey }, OneRunningPerKey)
            .IsUnique()
            .HasFilter("\"Status\" = 'Running' AND \"ConcurrencyKey\" IS NOT NULL");
        // Run history pages.
        builder.HasIndex(r => new { r.WorkspaceId, r.CreatedAt });
    }
}
