using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkPipelines.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportSchedules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReportSchedules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PeriodKey = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Cadence = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DayOfWeek = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    DayOfMonth = table.Column<int>(type: "INTEGER", nullable: true),
                    TimeOfDay = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Recipients = table.Column<string>(type: "TEXT", nullable: false),
                    NextDueUtc = table.Column<long>(type: "INTEGER", nullable: true),
                    LastRunUtc = table.Column<long>(type: "INTEGER", nullable: true),
                    LastReportId = table.Column<Guid>(type: "TEXT", nullable: true),
                    LastDeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastDeliveryError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportSchedules", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReportSchedules_Enabled_NextDueUtc",
                table: "ReportSchedules",
                columns: new[] { "Enabled", "NextDueUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportSchedules_WorkspaceId_CreatedAt",
                table: "ReportSchedules",
                columns: new[] { "WorkspaceId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReportSchedules");
        }
    }
}
