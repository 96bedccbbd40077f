/// Who gets a daily digest: those a route takes it for (the daemon), or everyone with a `digest:` time (a dry run
/// from plan files, which do not know the daemon's routes).
public enum DigestRecipients: Hashable, Sendable {
    /// People with a digest time and a route of theirs that takes digests (`DeliveryRouter.wantsDigests`).
    case routed
    /// Everyone with a digest time.
    case everyone
}
