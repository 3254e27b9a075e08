using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkPipelines.Domain.Alerts;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Data.Configurations;

internal sealed class AlertRuleConfiguration : IEntityTypeConfiguration<AlertRule>
{
    public void Configure(EntityTypeBuilder<AlertRule> builder)
    {
        builder.ToTable("AlertRules");
        builder.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.Name).HasMaxLength(120);
        builder.Property(r => r.Metric).HasMaxLength(60);
        builder.Property(r => r.Condition).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Direction).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Sensitivity).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.WebhookFormat).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.WebhookUrl).HasMaxLength(2000);
        builder.Property(r => r.CreatedByUserId).HasMaxLength(450);
        builder.HasIndex(r => new { r.WorkspaceId, r.CreatedAt });
    }
}

internal sealed class AlertFiringConfiguration : IEntityTypeConfiguration<AlertFiring>
{
    public const string OncePerDay = "IX_AlertFirings_OncePerDay";

    public void Configure(EntityTypeBuilder<AlertFiring> builder)
    {
        builder.ToTable("AlertFirings");
        builder.HasOne<AlertRule>().WithMany().HasForeignKey(f => f.RuleId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(f => f.Message).HasMaxLength(1000);
        builder.Property(f => f.DeliveryError).HasMaxLength(2000);
        // Exactly once per rule and day, whichever evaluation or instance gets there first.
        builder.HasIndex(f => new { f.RuleId, f.Day }, OncePerDay).IsUnique();
        builder.HasIndex(f => new { f.WorkspaceId, f.FiredAt });
    }
}

internal sealed class DigestConfiguration : IEntityTypeConfiguration<Digests.Digest>
{
    public void Configure(EntityTypeBuilder<Digests.Digest> builder)
    {
        builder.ToTable("Digests");
        builder.HasOne<Workspace>().WithMany().HasForeignKey(d => d.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.UserId).HasMaxLength(450);
        builder.Property(d => d.Cadence).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.DayOfWeek).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.SlackWebhookUrl).HasMaxLength(2000);
        builder.Property(d => d.LastError).HasMaxLength(1000);
        // One digest per person and workspace; the tick's query: digests due by now, across workspaces.
        builder.HasIndex(d => new { d.WorkspaceId, d.UserId }).IsUnique();
        builder.HasIndex(d => d.NextDueUtc);
    }
}
