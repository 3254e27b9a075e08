using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace WorkPipelines.Domain.Connectors.Ga4;

/// <summary>
/// One runReport over (date, <paramref name="dimension"/>), read with limit/offset against rowCount
/// and ordered by date then dimension so the offsets stay put between pages. The cursor keeps the
/// range's start date, the offset reached and the newest date seen; a finished pass starts the next
/// sync two days before that newest date, because GA4 keeps revising the last ~48 hours.
/// </summary>
/// <param name="rowsPerRequest">The report's <c>limit</c> (<see cref="Sync.ConnectorOptions.Ga4RowsPerRequest"/>).</param>
internal sealed class Ga4ReportStream(string name, string dimension, int rowsPerRequest, IReadOnlyList<(string Api, string Metric)> metrics) : IConnectorStream
{
    internal int RowsPerRequest => rowsPerRequest;

    /// <summary>The earliest date the Data API accepts: a first sync reads everything the property has.</summary>
    public const string EarliestDate = "2015-08-14";

    /// <summary>Days before the newest synced date that the next sync reads again.</summary>
    public const int RevisionDays = 2;

    private sealed record Cursor(string StartDate, long Offset, string? Newest);

    public string Name => name;

    public async Task<StreamPage> ReadPageAsync(ConnectorSession session, string? cursor, CancellationToken cancellationToken)
    {
        var position = cursor is null ? new Cursor(EarliestDate, 0, null) : JsonSerializer.Deserialize<Cursor>(cursor)!;
        using var request = await Ga4Calls.RequestAsync(session, HttpMethod.Post, ":runReport", cancellationToken);
        request.Content = JsonContent.Create(new
        {
            dateRanges = new[] { new { startDate = position.StartDate, endDate = "today" } },
            dimensions = new[] { new { name = "date" }, new { name = dimension } },
            metrics = metrics.Select(m => new { name = m.Api }),
            limit = rowsPerRequest,
            offset = position.Offset,
            orderBys = new object[] { new { dimension = new { dimensionName = "date" } }, new { dimension = new { dimensionName = dimension } } },
        }, options: JsonSerializerOptions.Web);
        var report = await ConnectorHttp.SendAsync<RunReportResponse>(session, request, cancellationToken);

        var columns = report.MetricHeaders?.Select(h => h.Name).ToList() ?? [];
        var records = new List<ConnectorRecord>(report.Rows?.Count ?? 0);
        var newest = position.Newest is null ? (DateOnly?)null : DateOnly.ParseExact(position.Newest, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var row in report.Rows ?? [])
        {
            var record = Record(row, columns);
            records.Add(record);
            newest = newest is null || record.Date > newest ? record.Date : newest;
        }

        var next = position.Offset + records.Count;
        var newestText = newest?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (records.Count > 0 && next < (report.RowCount ?? 0))
            return new StreamPage(records, JsonSerializer.Serialize(position with { Offset = next, Newest = newestText }), Done: false);
        var since = newest is { } n ? n.AddDays(-RevisionDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : position.StartDate;
        return new StreamPage(records, JsonSerializer.Serialize(new Cursor(since, 0, null)), Done: true);
    }

    private ConnectorRecord Record(Row row, List<string?> columns)
    {
        var date = row.DimensionValues?.ElementAtOrDefault(0)?.Value;
        var key = row.DimensionValues?.ElementAtOrDefault(1)?.Value;
        var id = $"{date}:{key}";
        if (!DateOnly.TryParseExact(date, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || key is null)
            throw new ConnectorDataException($"ga4 {name} row {id} has no readable date and {dimension}");
        var values = new Dictionary<string, double>(metrics.Count);
        foreach (var (api, metric) in metrics)
        {
            var index = columns.IndexOf(api);
            var text = index < 0 ? null : row.MetricValues?.ElementAtOrDefault(index)?.Value;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw new ConnectorDataException($"ga4 {name} row {id} has no number for {api}: '{text}'");
            values[metric] = value;
        }
        return new ConnectorRecord(id, day, key, values);
    }

    private sealed record RunReportResponse(List<Header>? DimensionHeaders, List<Header>? MetricHeaders, List<Row>? Rows, int? RowCount);

    private sealed record Header(string? Name);

    private sealed record Row(List<Cell>? DimensionValues, List<Cell>? MetricValues);

    private sealed record Cell(string? Value);
}
