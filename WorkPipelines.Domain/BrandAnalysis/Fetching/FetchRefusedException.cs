namespace WorkPipelines.Domain.BrandAnalysis.Fetching;

/// <summary>A URL the fetcher will not fetch, or a fetch it gave up on; <see cref="Exception.Message"/> says why, for people.</summary>
public sealed class FetchRefusedException(string reason, Exception? innerException = null) : Exception(reason, innerException);
