using Microsoft.Extensions.Options;

namespace WorkPipelines.Domain.Pipelines;

/// <summary>Fails start-up with a message that names the wrong setting.</summary>
internal sealed class PipelineOptionsValidator : IValidateOptions<PipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, PipelineOptions options) =>
        options.Validate() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
}
