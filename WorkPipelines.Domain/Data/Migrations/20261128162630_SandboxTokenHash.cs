using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkPipelines.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class SandboxTokenHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Raw tokens cannot be turned into hashes in SQL: earlier sandbox accounts go, and their
            // (sandbox-only) connections ask to be reconnected.
            migrationBuilder.Sql("DELETE FROM \"SandboxAccounts\";");
            migrationBuilder.DropPrimaryKey(
                name: "PK_SandboxAccounts",
                table: "SandboxAccounts");

            migrationBuilder.DropColumn(
                name: "Token",
                table: "SandboxAccounts");

            migrationBuilder.AddColumn<string>(
                name: "TokenHash",
                table: "SandboxAccounts",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddPrimaryKey(
                name: "PK_SandboxAccounts",
                table: "SandboxAccounts",
                column: "TokenHash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_SandboxAccounts",
                table: "SandboxAccounts");

            migrationBuilder.DropColumn(
                name: "TokenHash",
                table: "SandboxAccounts");

            migrationBuilder.AddColumn<string>(
                name: "Token",
                table: "SandboxAccounts",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddPrimaryKey(
                name: "PK_SandboxAccounts",
                table: "SandboxAccounts",
                column: "Token");
        }
    }
}
