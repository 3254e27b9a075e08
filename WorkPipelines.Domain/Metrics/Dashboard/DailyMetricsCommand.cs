using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Metrics.Dashboard;

/// <summary>
/// Every read a panel makes of the daily metrics, sent as one command (a <c>UNION ALL</c> of its parts) and read back in one
/// pass. Through EF each part was a LINQ query of its own — a query-cache look-up, a round trip and a materialiser each — and
/// a cold dashboard spent more in EF than in the database (2.7× the same numbers by hand-written SQL, docs/benchmarks.md).
/// </summary>
/// <remarks>
/// Raw SQL skips EF's tenant filter, so every part carries <c>"WorkspaceId" = @w</c> itself (<see cref="ReadAsync"/> refuses an
/// unresolved workspace). Sources, metrics and dimensions are the panels' own constants, written into the text as literals
/// (as <c>EF.Constant</c> did): SQLite then answers from the (workspace, source, metric, dimension, date, value) index without
/// touching the table, where a parameter list would become a scanned <c>json_each</c>. Values come as the model stores them:
/// on SQLite ids as upper-case text and dates as yyyy-MM-dd text (Microsoft.Data.Sqlite binds a DateOnly so), on PostgreSQL
/// uuid and date. Every part yields the same columns: its number, name, day, a, b, c.
/// </remarks>
internal sealed class DailyMetricsCommand(Guid workspaceId)
{
    // PostgreSQL types a chain of UNIONs pair by pair: two bare NULLs meet as text, which a later date or number does not
    // fit. Every part's empty columns are typed (SQLite takes the casts and keeps the NULL).
    private const string NoDay = "CAST(NULL AS date)";
    private const string NoNumber = "CAST(NULL AS double precision)";

    private readonly StringBuilder _sql = new();
    private readonly List<DateOnly> _dates = [];
    private readonly List<(string Name, Shape Shape)> _parts = [];

    /// <summary>Which columns of its rows a part fills: only those are read (each column read is a native call on SQLite).</summary>
    private enum Shape { Sums, Days, Top, Pair, Name }

    /// <summary>Per metric: the sum over <paramref name="current"/> (a), over <paramref name="previous"/> (b) and how many daily rows the previous range has (c).</summary>
    public DailyMetricsCommand Sums(string part, IReadOnlyList<string> sources, IReadOnlyList<string> metrics, DateRange current, DateRange previous) =>
        Add(part, $"""
            "Metric", {NoDay}, SUM(CASE WHEN {In(current)} THEN "Value" ELSE 0 END), SUM(CASE WHEN {In(previous)} THEN "Value" ELSE 0 END),
            CAST(SUM(CASE WHEN {In(previous)} THEN 1 ELSE 0 END) AS double precision)
            """, Where(sources, metrics, DateRange.Spanning(current, previous)), "GROUP BY \"Metric\"", Shape.Sums);

    /// <summary>Per metric and day of <paramref name="range"/>: the day's total (a).</summary>
    public DailyMetricsCommand Days(string part, IReadOnlyList<string> sources, IReadOnlyList<string> metrics, DateRange range) =>
        Add(part, $"\"Metric\", \"Date\", SUM(\"Value\"), {NoNumber}, {NoNumber}", Where(sources, metrics, range), "GROUP BY \"Metric\", \"Date\"", Shape.Days);

    /// <summary>The largest <paramref name="take"/> dimensions of <paramref name="metric"/> over <paramref name="range"/> (a), largest first (ties by name).</summary>
    public DailyMetricsCommand Top(string part, IReadOnlyList<string> sources, string metric, DateRange range, int take)
    {
        var where = $"""
            "WorkspaceId" = @w AND "Source" IN ({Literals(sources)}) AND "Metric" = {Literal(metric)} AND "Dimension" <> '' AND {In(range)}
            """;
        var limit = take == int.MaxValue ? "" : $" LIMIT {take}";
        Append($"""
            SELECT * FROM (SELECT {Part(part, Shape.Top)} AS part, "Dimension" AS name, {NoDay} AS day, SUM("Value") AS a, {NoNumber} AS b, {NoNumber} AS c
            FROM "DailyMetrics" WHERE {where} GROUP BY "Dimension" ORDER BY a DESC, "Dimension"{limit}) AS top_{_parts.Count}
            """);
        return this;
    }

    /// <summary>Per metric, all history: the sum up to <paramref name="end"/> (a) and up to <paramref name="compareEnd"/> (b). For levels (MRR).</summary>
    public DailyMetricsCommand Levels(string part, IReadOnlyList<string> sources, IReadOnlyList<string> metrics, DateOnly end, DateOnly compareEnd) =>
        Add(part, $"\"Metric\", {NoDay}, SUM(\"Value\"), SUM(CASE WHEN \"Date\" <= {Date(compareEnd)} THEN \"Value\" ELSE 0 END), {NoNumber}",
            $"\"WorkspaceId\" = @w AND \"Source\" IN ({Literals(sources)}) AND \"Metric\" IN ({Literals(metrics)}) AND \"Dimension\" = '' AND \"Date\" <= {Date(end)}",
            "GROUP BY \"Metric\"", Shape.Pair);

    /// <summary>Per bucket of <paramref name="metric"/>'s daily histograms (<see cref="MedianHistograms"/>): its count over <paramref name="current"/> (a) and <paramref name="previous"/> (b).</summary>
    public DailyMetricsCommand Histogram(string part, IReadOnlyList<string> sources, string metric, DateRange current, DateRange previous) =>
        Add(part, $"\"Dimension\", {NoDay}, SUM(CASE WHEN {In(current)} THEN \"Value\" ELSE 0 END), SUM(CASE WHEN {In(previous)} THEN \"Value\" ELSE 0 END), {NoNumber}",
            $"\"WorkspaceId\" = @w AND \"Source\" IN ({Literals(sources)}) AND \"Metric\" = {Literal(MedianHistograms.Of(metric))} AND {In(DateRange.Spanning(current, previous))}",
            "GROUP BY \"Dimension\"", Shape.Pair);

    /// <summary>
    /// The currency markers of <paramref name="sources"/> (<see cref="CurrencyMarkers"/>, by the same range on the metric name), each
    /// row named "source:metric"; read them with <see cref="Currencies"/>.
    /// </summary>
    public DailyMetricsCommand Markers(string part, IReadOnlyList<string> sources) =>
        Add(part, $"\"Source\" || ':' || \"Metric\", {NoDay}, {NoNumber}, {NoNumber}, {NoNumber}",
            $"\"WorkspaceId\" = @w AND \"Source\" IN ({Literals(sources)}) AND \"Metric\" > {Literal(CurrencyMarkers.Prefix)} AND \"Metric\" <= {Literal(CurrencyMarkers.RangeEnd)} AND \"Dimension\" = ''",
            "GROUP BY \"Source\", \"Metric\"", Shape.Name);

    /// <summary>The codes each source has markers of, from a <see cref="Markers"/> part's rows (a source without any is missing).</summary>
    public static Dictionary<string, List<string>> Currencies(IEnumerable<MetricRow> markers) =>
        markers.Select(m => m.Name.Split(':', 2)).Select(m => (m[0], m[1])).BySource();

    /// <summary>Sends the parts as one command on the context's connection and returns each part's rows (a part with none is missing).</summary>
    public async Task<Dictionary<string, List<MetricRow>>> ReadAsync(WorkDbContext db, CancellationToken cancellationToken)
    {
        if (workspaceId == Guid.Empty) throw new InvalidOperationException("no workspace: the dashboard reads only in a resolved workspace");
        var postgres = db.IsPostgres;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = _sql.ToString();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            Add(command, "@w", postgres ? workspaceId : workspaceId.ToString().ToUpperInvariant());
            for (var i = 0; i < _dates.Count; i++) Add(command, $"@d{i}", _dates[i]);

            var parts = new Dictionary<string, List<MetricRow>>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                // No column is NULL where its part's shape reads it: every SUM is over a group of at least one row.
                var (part, shape) = _parts[reader.GetInt32(0)];
                if (!parts.TryGetValue(part, out var rows)) parts[part] = rows = [];
                var name = reader.GetString(1);
                rows.Add(shape switch
                {
                    Shape.Name => new MetricRow(name, null, 0, 0, 0),
                    Shape.Days => new MetricRow(name, Day(reader, postgres), reader.GetDouble(3), 0, 0),
                    Shape.Top => new MetricRow(name, null, reader.GetDouble(3), 0, 0),
                    Shape.Pair => new MetricRow(name, null, reader.GetDouble(3), reader.GetDouble(4), 0),
                    _ => new MetricRow(name, null, reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5)),
                });
            }
            return parts;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // SQLite keeps a day as yyyy-MM-dd text; read by position, the general date parser was a visible share of a 12-month panel.
    private static DateOnly Day(DbDataReader reader, bool postgres)
    {
        if (postgres) return reader.GetFieldValue<DateOnly>(2);
        var text = reader.GetString(2);
        return text.Length == 10 && text[4] == '-' && text[7] == '-'
            && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            && int.TryParse(text.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            ? new DateOnly(year, month, day)
            : DateOnly.Parse(text, CultureInfo.InvariantCulture);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = (name, value);
        command.Parameters.Add(parameter);
    }

    private DailyMetricsCommand Add(string part, string columns, string where, string groupBy, Shape shape) =>
        Append($"SELECT {Part(part, shape)}, {columns} FROM \"DailyMetrics\" WHERE {where} {groupBy}");

    // A part travels as its number: an integer column is cheaper to read than a name on every row.
    private int Part(string name, Shape shape)
    {
        if (_parts.Any(p => p.Name == name)) throw new ArgumentException($"part '{name}' is already in the command", nameof(name));
        _parts.Add((name, shape));
        return _parts.Count - 1;
    }

    private DailyMetricsCommand Append(string select)
    {
        if (_sql.Length > 0) _sql.Append("\nUNION ALL\n");
        _sql.Append(select);
        return this;
    }

    private string In(DateRange range) => $"\"Date\" >= {Date(range.From)} AND \"Date\" <= {Date(range.To)}";

    // One parameter per distinct day.
    private string Date(DateOnly date)
    {
        var index = _dates.IndexOf(date);
        if (index < 0)
        {
            index = _dates.Count;
            _dates.Add(date);
        }
        return $"@d{index}";
    }

    private string Where(IReadOnlyList<string> sources, IReadOnlyList<string> metrics, DateRange range) =>
        $"\"WorkspaceId\" = @w AND \"Source\" IN ({Literals(sources)}) AND \"Metric\" IN ({Literals(metrics)}) AND \"Dimension\" = '' AND {In(range)}";

    private static string Literals(IReadOnlyList<string> values) => string.Join(", ", values.Select(Literal));

    // Only the panels' own names reach here; a quote in one would be a programming error, not input to escape.
    private static string Literal(string value) =>
        value.Contains('\'') ? throw new ArgumentException($"not a metric or source name: {value}", nameof(value)) : $"'{value}'";
}

/// <summary>One row of a <see cref="DailyMetricsCommand"/> part: a metric, dimension or bucket, maybe a day, and up to three numbers.</summary>
internal sealed record MetricRow(string Name, DateOnly? Date, double A, double B, double C);

/// <summary>Days <see cref="From"/> to <see cref="To"/>, both included.</summary>
internal readonly record struct DateRange(DateOnly From, DateOnly To)
{
    public bool Contains(DateOnly day) => day >= From && day <= To;

    public static DateRange Spanning(DateRange a, DateRange b) => new(a.From < b.From ? a.From : b.From, a.To > b.To ? a.To : b.To);
}
