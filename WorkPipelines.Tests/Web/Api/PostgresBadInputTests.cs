using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Api;

// The bad-input suite on PostgreSQL, which is stricter than SQLite about types, lengths, NUL bytes and UTF-8.

/// <summary><see cref="BadInputTests"/> on PostgreSQL in Development.</summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresDevelopmentBadInputTests(PostgresDevelopmentWorkAppFactory app) : BadInputTests(app), IClassFixture<PostgresDevelopmentWorkAppFactory>;

/// <summary><see cref="BadInputTests"/> on PostgreSQL in Production.</summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresProductionBadInputTests(PostgresProductionWorkAppFactory app) : BadInputTests(app), IClassFixture<PostgresProductionWorkAppFactory>;
