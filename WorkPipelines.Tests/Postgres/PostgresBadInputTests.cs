using WorkPipelines.Tests.Features;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Postgres;

/// <summary>
/// The bad-input suite on PostgreSQL: every <c>/api/work</c> operation fed malformed and foreign input answers
/// without a 5xx (PostgreSQL is stricter than SQLite about types, lengths and NUL bytes) and no row changes.
/// </summary>
[Collection(PostgresAppCollection.Name)]
public sealed class PostgresBadInputTests(PostgresWorkAppFactory app) : BadInputTests(app);
