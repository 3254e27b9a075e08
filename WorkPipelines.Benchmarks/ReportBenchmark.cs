using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Domain.Reports;
using WorkPipelines.Domain.Reports.Builders;
using WorkPipelines.Domain.Reports.Rendering;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Benchmarks;

/// <summary>
/// Scenario <c>report</c>: on the dashboard benchmark's three-year workspace, builds a 90-day executive
/// report with the real builders (what the <see cref="GenerateReport"/> run does, without the queue) and
/// renders it as CSV, XLSX and PDF; prints the first (cold) pass and the median of the warm ones.
/// </summary>
internal static class ReportBenchmark
{
    private const int Iterations = 10;

    public static async Task RunAsync(int rawRecords)
    {
        await using var seeded = await SeededWorkspace.CreateAsync(BenchTarget.Sqlite, rawRecords);
        var (host, workspace) = (seeded.Host, seeded.Workspace);
        var period = Period.Parse("90d", null, null, null, DateOnly.FromDateTime(DateTime.UtcNow)).Period!;
        var options = new ReportPdfOptions("Benchmark", "USD", "UTC");
        List<double[]> passes = [];
        long csvBytes = 0, xlsxBytes = 0, pdfBytes = 0;
        ReportModel? model = null;
        for (var i = 0; i <= Iterations; i++)
        {
            var pass = new double[4];
            pass[0] = await TimeAsync(async () => model = await BuildAsync(host.Services, workspace, period));
            pass[1] = await TimeAsync(() => { csvBytes = System.Text.Encoding.UTF8.GetByteCount(ReportCsv.Render(model!)); return Task.CompletedTask; });
            pass[2] = await TimeAsync(() => { xlsxBytes = ReportXlsx.Render(model!).Length; return Task.CompletedTask; });
            pass[3] = await TimeAsync(() => { pdfBytes = ReportPdf.Render(model!, options).Length; return Task.CompletedTask; });
            passes.Add(pass);
        }

        Console.WriteLine();
        Console.WriteLine($"Executive summary, {period.From:yyyy-MM-dd} to {period.To:yyyy-MM-dd}: {model!.Sections.Count} sections, " +
            $"{model.Sections.Sum(s => s.Kpis.Count)} KPIs, {model.Sections.Sum(s => s.Tables.Sum(t => t.Rows.Count))} table rows, {model.Sections.Sum(s => s.Series.Count)} series");
        Console.WriteLine($"{"step",-8} {"cold",10} {"warm p50",10} {"size",12}");
        string[] names = ["build", "CSV", "XLSX", "PDF"];
        long[] sizes = [0, csvBytes, xlsxBytes, pdfBytes];
        var warm = passes.Skip(1).ToList();
        for (var s = 0; s < names.Length; s++)
            Console.WriteLine($"{names[s],-8} {passes[0][s],8:N1}ms {Median(warm.Select(p => p[s])),8:N1}ms {(sizes[s] == 0 ? "" : $"{sizes[s] / 1024.0:N1} KB"),12}");
        Console.WriteLine($"{"total",-8} {passes[0].Sum(),8:N1}ms {Median(warm.Select(p => p.Sum())),8:N1}ms");
        Console.WriteLine();
        Console.WriteLine($"cold = first pass in the process (JIT, fonts loaded); warm p50 = median of the next {Iterations}. Target: all formats together under 2 s.");
    }

    /// <summary>The sections of the executive report built as the generation run builds them, then stored as JSON.</summary>
    private static async Task<ReportModel> BuildAsync(IServiceProvider services, Guid workspace, Period period)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspace, "Benchmark", null, WorkspaceRole.Admin);
        var sources = new ReportSources(scope.ServiceProvider.GetRequiredService<DashboardQueries>(), scope.ServiceProvider.GetRequiredService<WorkDbContext>(), period);
        List<ReportSection> sections = [];
        foreach (var step in ReportBuilders.StepsFor(ReportType.Executive))
            if (await step.BuildAsync(sources, CancellationToken.None) is { } section) sections.Add(section);
        var model = new ReportModel(ReportBuilders.TitleOf(ReportType.Executive), ReportType.Executive, period.Key, period.From, period.To,
            period.CompareFrom, period.CompareTo, DateTimeOffset.UtcNow, sections);
        _ = JsonSerializer.Serialize(model, ReportJson.Options);
        return model;
    }

    private static async Task<double> TimeAsync(Func<Task> step)
    {
        var clock = Stopwatch.StartNew();
        await step();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[(sorted.Count - 1) / 2];
    }
}
