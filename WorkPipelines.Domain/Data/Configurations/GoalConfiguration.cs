using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkPipelines.Domain.Goals;

namespace WorkPipelines.Domain.Data.Configurations;

internal sealed class GoalConfiguration : IEntityTypeConfiguration<Goal>
{
    public void Configure(EntityTypeBuilder<Goal> builder)
    {
        builder.ToTable("Goals");
        builder.HasIndex(g => new { g.WorkspaceId, g.CreatedAt });
        builder.Property(g => g.Metric).HasMaxLength(64);
        builder.Property(g => g.Cadence).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.Direction).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.Currency).HasMaxLength(3);
        builder.Property(g => g.CreatedByUserId).HasMaxLength(450);
    }
}
