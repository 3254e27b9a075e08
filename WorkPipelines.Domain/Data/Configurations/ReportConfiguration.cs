using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkPipelines.Domain.Reports;

namespace WorkPipelines.Domain.Data.Configurations;

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> builder)
    {
        builder.ToTable("Reports");
        builder.HasIndex(r => new { r.WorkspaceId, r.CreatedAt });
        builder.Property(r => r.Type).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.PeriodKey).HasMaxLength(16);
        builder.Property(r => r.RequestedByUserId).HasMaxLength(450);
        builder.Property(r => r.Error).HasMaxLength(2000);
    }
}
