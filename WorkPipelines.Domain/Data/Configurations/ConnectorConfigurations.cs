using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Metrics;

namespace WorkPipelines.Domain.Data.Configurations;

internal sealed class ConnectionConfiguration : IEntityTypeConfiguration<Connection>
{
    public void Configure(EntityTypeBuilder<Connection> builder)
    {
        builder.HasIndex(c => new { c.WorkspaceId, c.Provider }).IsUnique();
        builder.HasIndex(c => c.NextSyncAt);
        builder.Property(c => c.Provider).HasMaxLength(32);
        builder.Property(c => c.BaseUrl).HasMaxLength(500);
        builder.Property(c => c.LastError).HasMaxLength(2000);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Schedule).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class StreamCheckpointConfiguration : IEntityTypeConfiguration<StreamCheckpoint>
{
    public void Configure(EntityTypeBuilder<StreamCheckpoint> builder)
    {
        builder.HasIndex(c => new { c.ConnectionId, c.Stream }).IsUnique();
        builder.Property(c => c.Stream).HasMaxLength(64);
        builder.Property(c => c.Cursor).HasMaxLength(2000);
    }
}

internal sealed class SourceRecordConfiguration : IEntityTypeConfiguration<SourceRecord>
{
    public void Configure(EntityTypeBuilder<SourceRecord> builder)
    {
        builder.HasIndex(r => new { r.ConnectionId, r.Stream, r.ExternalId }).IsUnique();
        builder.HasIndex(r => new { r.ConnectionId, r.Date });
        builder.Property(r => r.Stream).HasMaxLength(64);
        builder.Property(r => r.ExternalId).HasMaxLength(128);
        builder.Property(r => r.Dimension).HasMaxLength(256);
    }
}

internal sealed class DailyMetricConfiguration : IEntityTypeConfiguration<DailyMetric>
{
    public void Configure(EntityTypeBuilder<DailyMetric> builder)
    {
        builder.HasIndex(m => new { m.WorkspaceId, m.Source, m.Metric, m.Date, m.Dimension }).IsUnique();
        // Dashboards read a few metrics over a range of days; with the value at the end SQLite answers from this
        // index alone instead of looking every row up in the table (the unique index above only keeps rows unique).
        builder.HasIndex(m => new { m.WorkspaceId, m.Source, m.Metric, m.Date, m.Dimension, m.Value }, "IX_DailyMetrics_Reading");
        builder.Property(m => m.Source).HasMaxLength(32);
        builder.Property(m => m.Metric).HasMaxLength(64);
        builder.Property(m => m.Dimension).HasMaxLength(256);
    }
}

internal sealed class SandboxAccountConfiguration : IEntityTypeConfiguration<SandboxAccount>
{
    public void Configure(EntityTypeBuilder<SandboxAccount> builder)
    {
        builder.HasKey(a => a.TokenHash);
        builder.Property(a => a.TokenHash).HasMaxLength(64);
        builder.Ignore(a => a.Token);
        builder.Ignore(a => a.ServiceAccountKey);
        builder.Property(a => a.Provider).HasMaxLength(32);
    }
}
