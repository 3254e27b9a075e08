using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.Data.Configurations;

internal sealed class PipelineRunLogConfiguration : IEntityTypeConfiguration<PipelineRunLog>
{
    public void Configure(EntityTypeBuilder<PipelineRunLog> builder)
    {
        builder.ToTable("PipelineRunLogs");
        builder.HasOne<PipelineRun>().WithMany().HasForeignKey(l => l.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => new { l.RunId, l.Sequence }).IsUnique();
        builder.Property(l => l.Line).HasMaxLength(2000);
    }
}
