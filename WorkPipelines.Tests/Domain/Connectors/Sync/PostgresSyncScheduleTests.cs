using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Sync;

// The whole app on PostgreSQL: the same tests as on SQLite, against a PostgresWorkAppFactory (its own database in
// WORKPIPELINES_TEST_POSTGRES, dropped at the end).

/// <summary>Every sync schedule test, on PostgreSQL: due connections are queued once, paused ones not at all.</summary>
[Collection(PostgresAppCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresSyncScheduleTests(PostgresWorkAppFactory app) : SyncScheduleTests(app);
