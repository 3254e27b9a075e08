using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Annotations;

/// <summary>Every annotations API test, on PostgreSQL.</summary>
[Collection(PostgresAppCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresAnnotationsApiTests(PostgresWorkAppFactory app) : AnnotationsApiTests(app);
