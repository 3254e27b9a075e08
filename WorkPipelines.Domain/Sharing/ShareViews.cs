namespace WorkPipelines.Domain.Sharing;

/// <summary>What an admin asks for: a name, what to show, the view's period and how long the link lasts.</summary>
/// <param name="Panels">Keys of <see cref="SharePanels"/>: "blended" (the headline strip), "revenue", "traffic" …</param>
/// <param name="ExpiresInDays">One of <see cref="ShareService.ExpiryChoices"/>: a link never lasts for ever.</param>
public sealed record ShareInput(string? Name, IReadOnlyList<string>? Panels, string? Period, string? Compare, DateOnly? From, DateOnly? To, int? ExpiresInDays);

public enum ShareState { Active, Expired, Revoked }

/// <summary>A share link as the shares page and API list it: never the token, which is shown once, at creation.</summary>
/// <param name="Panels">What it shows, each with the numbers in it.</param>
/// <param name="PeriodText">"the last 30 days (moving with each day), compared with the 30 days before".</param>
/// <param name="Exposes">The whole of what it exposes in one sentence: what, which period, to whom, until when.</param>
public sealed record ShareView(Guid Id, string Name, IReadOnlyList<SharePanel> Panels, string Period, string Compare, DateOnly? From, DateOnly? To,
    string PeriodText, string Exposes, ShareState State, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastOpenedAt,
    string? CreatedBy, DateTimeOffset CreatedAt);

/// <summary>A new link: the only answer that carries its token (<paramref name="Path"/> is <c>/s/{token}</c>).</summary>
public sealed record ShareCreated(ShareView Share, string Token, string Path);
