using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkPipelines.Domain.Reports.Schedules;

namespace WorkPipelines.Domain.Data.Configurations;

internal sealed class ReportScheduleConfiguration : IEntityTypeConfiguration<ReportSchedule>
{
    public void Configure(EntityTypeBuilder<ReportSchedule> builder)
    {
        builder.ToTable("ReportSchedules");
        builder.HasIndex(s => new { s.WorkspaceId, s.CreatedAt });
        // The scheduler's query: enabled schedules whose time has come, across workspaces.
        builder.HasIndex(s => new { s.Enabled, s.NextDueUtc });
        builder.Property(s => s.Type).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.Cadence).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.DayOfWeek).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.PeriodKey).HasMaxLength(16);
        builder.Property(s => s.CreatedByUserId).HasMaxLength(450);
        builder.Property(s => s.LastDeliveryError).HasMaxLength(2000);
    }
}
