using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WorkPipelines.Domain.Data.Configurations;

internal sealed class BrandAnalysisConfiguration : IEntityTypeConfiguration<BrandAnalysis.BrandAnalysis>
{
    public void Configure(EntityTypeBuilder<BrandAnalysis.BrandAnalysis> builder)
    {
        builder.ToTable("BrandAnalyses");
        builder.HasIndex(a => new { a.WorkspaceId, a.CreatedAt });
        builder.HasIndex(a => new { a.WorkspaceId, a.SiteHost });
        builder.Property(a => a.Url).HasMaxLength(2000);
        builder.Property(a => a.SiteHost).HasMaxLength(255);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.RequestedByUserId).HasMaxLength(450);
        builder.Property(a => a.Error).HasMaxLength(2000);
    }
}
