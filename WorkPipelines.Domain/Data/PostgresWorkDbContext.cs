using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Data;

/// <summary>
/// <see cref="WorkDbContext"/> on PostgreSQL (<c>Database:Provider = Postgres</c>). Its own type gives it its own
/// migrations (Data/Migrations/Postgres); services still ask for <see cref="WorkDbContext"/>.
/// </summary>
public sealed class PostgresWorkDbContext(DbContextOptions<PostgresWorkDbContext> options, CurrentWorkspace workspace)
    : WorkDbContext(options, workspace)
{
    private static readonly StringTypeMapping Jsonb = new("jsonb", System.Data.DbType.String);
    private static readonly StringTypeMapping Text = new("text", System.Data.DbType.String);
    private static readonly DoubleTypeMapping DoublePrecision = new("double precision");

    /// <summary>CAST(jsonb_extract_path_text(CAST(json AS jsonb), key) AS double precision): one top-level key, dots and all.</summary>
    protected override void MapSqlFunctions(ModelBuilder builder) =>
        builder.HasDbFunction(SqlFunctions.JsonNumberMethod).HasTranslation(args => new SqlUnaryExpression(
            ExpressionType.Convert,
            new SqlFunctionExpression(
                "jsonb_extract_path_text",
                [new SqlUnaryExpression(ExpressionType.Convert, args[0], typeof(string), Jsonb), args[1]],
                nullable: true, argumentsPropagateNullability: [false, false], typeof(string), Text),
            typeof(double), DoublePrecision));
}
