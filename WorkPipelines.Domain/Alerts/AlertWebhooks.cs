using System.Text.Json.Nodes;

namespace WorkPipelines.Domain.Alerts;

/// <summary>The body a webhook receives, in the shape its service reads.</summary>
public static class AlertWebhooks
{
    /// <param name="link">Where the alert leads in the app (absolute), or null.</param>
    public static JsonObject Body(AlertRule rule, AlertFiring firing, string workspace, string? link) =>
        Body(rule.WebhookFormat, workspace, rule.Name, firing.Message, rule.Metric, firing, link);

    private static JsonObject Body(WebhookFormat format, string workspace, string ruleName, string message, string metric, AlertFiring firing, string? link) => format switch
    {
        // Slack incoming webhooks post the "text" field (mrkdwn; <url|label> makes a link):
        // https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks
        WebhookFormat.Slack => new JsonObject
        {
            ["text"] = $"*{Escape(ruleName)}* ({Escape(workspace)})\n{Escape(message)}" + (link is null ? "" : $"\n<{link}|Open the dashboard>"),
        },
        // Teams (incoming webhooks and Workflows' "post to a channel when a webhook request is received") take a message
        // whose attachment is an Adaptive Card: https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#send-adaptive-cards-using-an-incoming-webhook
        WebhookFormat.Teams => new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["content"] = new JsonObject
                {
                    ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                    ["type"] = "AdaptiveCard",
                    ["version"] = "1.4",
                    ["body"] = new JsonArray(
                        new JsonObject { ["type"] = "TextBlock", ["text"] = ruleName, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
                        new JsonObject { ["type"] = "TextBlock", ["text"] = message, ["wrap"] = true },
                        new JsonObject { ["type"] = "TextBlock", ["text"] = workspace, ["isSubtle"] = true, ["wrap"] = true }),
                    ["actions"] = link is null ? new JsonArray() : new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open the dashboard", ["url"] = link }),
                },
            }),
        },
        _ => new JsonObject
        {
            ["workspace"] = workspace,
            ["rule"] = ruleName,
            ["metric"] = metric,
            ["day"] = firing.Day.ToString("yyyy-MM-dd"),
            ["value"] = firing.Value,
            ["expectedLow"] = firing.ExpectedLow,
            ["expectedHigh"] = firing.ExpectedHigh,
            ["message"] = message,
            ["link"] = link,
        },
    };

    /// <summary>Slack's mrkdwn treats &amp;, &lt; and &gt; as control characters: https://docs.slack.dev/messaging/formatting-message-text#escaping</summary>
    internal static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
