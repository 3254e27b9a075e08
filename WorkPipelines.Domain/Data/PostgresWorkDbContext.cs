using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Data;

/// <summary>
/// <see cref="WorkDbContext"/> on PostgreSQL (<c>Database:Provider = Postgres</c>). Its own type gives it its own
/// migrations (Data/Migrations/Postgres); services still ask for <see cref="WorkDbContext"/>.
/// </summary>
public sealed class PostgresWorkDbContext(DbContextOptions<PostgresWorkDbContext> options) : WorkDbContext(options);
