namespace WorkPipelines.Domain;

/// <summary>What went wrong with a command, in terms an HTTP API or a page can show as-is.</summary>
public enum WorkError
{
    None = 0,
    Invalid,
    Forbidden,
    NotFound,
    Conflict,
}

/// <summary>The outcome of a command: success, or an error kind with a message a person can act on.</summary>
public readonly record struct WorkResult(WorkError Error, string? Message)
{
    public bool Succeeded => Error == WorkError.None;

    public static WorkResult Ok => new(WorkError.None, null);
    public static WorkResult Invalid(string message) => new(WorkError.Invalid, message);
    public static WorkResult Forbidden(string message) => new(WorkError.Forbidden, message);
    public static WorkResult NotFound(string message) => new(WorkError.NotFound, message);
    public static WorkResult Conflict(string message) => new(WorkError.Conflict, message);
}
