/// The JSON body a webhook route posts.
public enum WebhookShape: String, Hashable, Sendable, CaseIterable {
    /// The event's fields as one JSON object (`DeliveryPayload.generic`).
    case generic
    /// `text` plus Block Kit `blocks`: what a Slack or Mattermost incoming-webhook URL takes as it is.
    case slack
}
