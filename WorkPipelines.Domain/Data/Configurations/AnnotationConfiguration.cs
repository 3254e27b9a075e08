using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkPipelines.Domain.Annotations;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Data.Configurations;

internal sealed class AnnotationConfiguration : IEntityTypeConfiguration<Annotation>
{
    public const string OncePerEvent = "IX_Annotations_OncePerEvent";

    public void Configure(EntityTypeBuilder<Annotation> builder)
    {
        builder.ToTable("Annotations");
        builder.HasOne<Workspace>().WithMany().HasForeignKey(a => a.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(a => a.Text).HasMaxLength(Annotation.MaxText);
        builder.Property(a => a.Panel).HasMaxLength(32);
        builder.Property(a => a.Source).HasMaxLength(32);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.EventKey).HasMaxLength(160);
        builder.Property(a => a.CreatedByUserId).HasMaxLength(450);
        builder.Property(a => a.DismissedByUserId).HasMaxLength(450);
        builder.Ignore(a => a.Automatic);
        // An automatic annotation is written once per event, whichever retry or instance gets there first (NULLs, people's, never clash).
        builder.HasIndex(a => new { a.WorkspaceId, a.EventKey }, OncePerEvent).IsUnique();
        builder.HasIndex(a => new { a.WorkspaceId, a.Date });
    }
}
