/// What one wake-up of the daemon decided, to record after its entries are out: the scheduler's step and the
/// digests that came due.
public struct DriverStep: Sendable {
    /// The scheduler's step: firings, announcements and the last moment processed.
    public var step: SchedulerStep
    /// The digests that came due, in the order they were worked out.
    public var digests: [DigestSend]

    /// A step.
    public init(step: SchedulerStep, digests: [DigestSend] = []) {
        self.step = step
        self.digests = digests
    }
}
