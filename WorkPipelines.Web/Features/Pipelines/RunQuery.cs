using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Web.Features.Pipelines;

/// <summary>Query string of <c>GET /api/work/pipelines</c>; strings so a bad value gets a message naming the valid ones.</summary>
public sealed record RunQuery(string? Status, string? Kind, string? Trigger, DateTimeOffset? From, DateTimeOffset? To, string? Q, int? Page, int? PageSize)
{
    public bool TryBuild(out RunFilter? filter, out string? problem)
    {
        filter = null;
        problem = null;
        if (!TryParse<PipelineRunStatus>(Status, "status", out var status, ref problem)) return false;
        if (!TryParse<PipelineTrigger>(Trigger, "trigger", out var trigger, ref problem)) return false;
        if (Page is < 1) { problem = $"page must be 1 or more; got {Page}."; return false; }
        if (PageSize is < 1 or > RunBrowser.MaxPageSize) { problem = $"pageSize must be between 1 and {RunBrowser.MaxPageSize}; got {PageSize}."; return false; }
        if (From > To) { problem = "from must be before to."; return false; }
        filter = new RunFilter(status, string.IsNullOrWhiteSpace(Kind) ? null : Kind.Trim(), trigger, From, To, Q?.Trim());
        return true;
    }

    private static bool TryParse<TEnum>(string? value, string name, out TEnum? parsed, ref string? problem) where TEnum : struct, Enum
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(value)) return true;
        if (Enum.GetNames<TEnum>().FirstOrDefault(n => n.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase)) is { } match)
        {
            parsed = Enum.Parse<TEnum>(match);
            return true;
        }
        problem = $"unknown {name} '{value}'; valid: {string.Join(", ", Enum.GetNames<TEnum>())}.";
        return false;
    }
}
