using Npgsql;

namespace WorkPipelines.Domain.Data;

/// <summary>Recognises provider errors the code handles on purpose, wherever EF wrapped them.</summary>
internal static class DatabaseErrors
{
    /// <summary>A PostgreSQL unique violation (23505) of the index or constraint <paramref name="constraint"/>.</summary>
    public static bool IsUniqueViolation(Exception exception, string constraint)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg && pg.ConstraintName == constraint) return true;
        }
        return false;
    }
}
