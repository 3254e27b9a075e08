using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkPipelines.Domain.Sharing;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Data.Configurations;

internal sealed class ShareConfiguration : IEntityTypeConfiguration<Share>
{
    public void Configure(EntityTypeBuilder<Share> builder)
    {
        builder.ToTable("Shares");
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.Name).HasMaxLength(ShareService.MaxNameLength);
        builder.Property(s => s.TokenHash).HasMaxLength(64);
        builder.HasIndex(s => s.TokenHash).IsUnique();
        builder.Property(s => s.Period).HasMaxLength(16);
        builder.Property(s => s.Compare).HasMaxLength(16);
        builder.Property(s => s.Panels).HasMaxLength(200);
        builder.Property(s => s.CreatedByUserId).HasMaxLength(450);
        builder.Property(s => s.RevokedByUserId).HasMaxLength(450);
        builder.Ignore(s => s.PanelKeys);
        builder.HasIndex(s => new { s.WorkspaceId, s.CreatedAt });
    }
}
