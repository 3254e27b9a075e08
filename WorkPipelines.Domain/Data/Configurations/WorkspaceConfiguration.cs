using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Data.Configurations;

internal sealed class WorkspaceConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> builder)
    {
        builder.Property(w => w.Name).HasMaxLength(100);
        builder.Property(w => w.TimeZone).HasMaxLength(64);
        builder.Property(w => w.Currency).HasMaxLength(3);
    }
}
