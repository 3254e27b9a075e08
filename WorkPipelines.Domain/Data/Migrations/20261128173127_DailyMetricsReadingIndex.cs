using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkPipelines.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class DailyMetricsReadingIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_DailyMetrics_Reading",
                table: "DailyMetrics",
                columns: new[] { "WorkspaceId", "Source", "Metric", "Date", "Dimension", "Value" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DailyMetrics_Reading",
                table: "DailyMetrics");
        }
    }
}
