namespace WorkPipelines.Domain.Outbound;

/// <summary>
/// An address the outbound policy will not let us reach, or a fetch that gave up; <see cref="Exception.Message"/> says
/// why, for people ("internal.example resolves to a private address (10.0.0.5)").
/// </summary>
public sealed class FetchRefusedException(string reason, Exception? innerException = null) : Exception(reason, innerException);
