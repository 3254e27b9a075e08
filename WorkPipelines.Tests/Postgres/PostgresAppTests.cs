using WorkPipelines.Tests.Features.Activity;
using WorkPipelines.Tests.Features.Auth;
using WorkPipelines.Tests.Features.Dashboard;
using WorkPipelines.Tests.Features.Pipelines;
using WorkPipelines.Tests.Features.Workspaces;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Tests.Reports;

namespace WorkPipelines.Tests.Postgres;

// The whole app (Kestrel, Identity, API, worker, connectors, dashboard) on PostgreSQL: the same tests as on
// SQLite, against a PostgresWorkAppFactory (its own database in WORKPIPELINES_TEST_POSTGRES, dropped at the end).

/// <summary>Every dashboard API test, on PostgreSQL: aggregates equal the raw records, medians come from the JSON.</summary>
[Collection(PostgresAppCollection.Name)]
public sealed class PostgresDashboardApiTests(PostgresWorkAppFactory app) : DashboardApiTests(app);

/// <summary>Every run API test, on PostgreSQL: listing, search (ILIKE), cancel, retry, workspace isolation.</summary>
[Collection(PostgresAppCollection.Name)]
public sealed class PostgresPipelinesApiTests(PostgresWorkAppFactory app) : Features.Pipelines.PipelinesApiTests(app);

/// <summary>Every activity API test, on PostgreSQL (search is ILIKE there).</summary>
[Collection(PostgresAppCollection.Name)]
public sealed class PostgresActivityApiTests(PostgresWorkAppFactory app) : Features.Activity.ActivityApiTests(app);

/// <summary>Every Identity API test, on PostgreSQL: register, bearer tokens, lockout.</summary>
[Collection(PostgresAppCollection.Name)]
public sealed class PostgresAuthApiTests(PostgresWorkAppFactory app) : Features.Auth.AuthApiTests(app);

/// <summary>Every members API test, on PostgreSQL.</summary>
[Collection(PostgresAppCollection.Name)]
public sealed class PostgresMembersApiTests(PostgresWorkAppFactory app) : Features.Workspaces.MembersApiTests(app);

/// <summary>Every reports API test, on PostgreSQL.</summary>
[Collection(PostgresAppCollection.Name)]
public sealed class PostgresReportsApiTests(PostgresWorkAppFactory app) : Reports.ReportsApiTests(app);

/// <summary>Every report schedule API test, on PostgreSQL.</summary>
[Collection(PostgresAppCollection.Name)]
public sealed class PostgresReportSchedulesApiTests(PostgresWorkAppFactory app) : Reports.ReportSchedulesApiTests(app);
