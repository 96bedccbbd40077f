import EditorialCore

/// One step's entries on a node that shares its database (`FiringGate`): held back in chunks of `chunk`, each
/// chunk's stages claimed in one statement, then the claimed ones — and those that need no claim: blocks, unblocks,
/// the catch-up summary — sent, if the node still leads. A stage another node already sent is not sent. After a
/// failure nothing more goes out, and the step is not recorded.
struct GatedStep {
    /// Entries per claim: a claim is one round trip, so a burst pays one per thousand, and the first entry of a
    /// burst waits for no more than a thousand to be decided.
    static let chunk = 1_000

    let gate: any FiringGate
    let now: Int64
    /// Claims again stages left unsent by a former leader (`FiringGate.claim(_:again:)`).
    var again = false
    /// Entries decided and not yet sent.
    var pending: [DriverOutput] = []
    /// The keys claimed so far.
    private(set) var claimed: Set<String> = []
    /// Why the step stopped, if it did.
    private(set) var failure: String?

    /// A step on `gate` at `now`.
    init(gate: any FiringGate, now: Int64, again: Bool = false) {
        self.gate = gate
        self.now = now
        self.again = again
    }

    /// Claims the pending entries' stages and sends what may be sent, through `send`.
    mutating func flush(_ send: (DriverOutput) -> Void) {
        defer { pending.removeAll(keepingCapacity: true) }
        guard failure == nil, !pending.isEmpty else { return }
        let records = pending.compactMap { Self.record($0, now) }
        if !records.isEmpty {
            guard let keys = gate.claim(records, again: again) else {
                failure = "the database did not grant the claim of \(records.count) stages"
                return
            }
            claimed.formUnion(keys)
        }
        // The lease may have run out while the claim was in flight: what was claimed is sent by the next leader.
        guard gate.mayFire else {
            failure = "the lease ran out before the entries could be sent"
            return
        }
        for output in pending {
            if let record = Self.record(output, now), !claimed.contains(record.key) { continue }
            send(output)
        }
    }

    /// The stage an entry sends, to be claimed; nil for entries without one (blocks, unblocks, summaries).
    static func record(_ output: DriverOutput, _ now: Int64) -> FiredRecord? {
        switch output {
        case .event(let e):
            return e.kind == .blocked || e.kind == .unblocked ? nil : e.record(fired: now)
        case .digest(let digest, _): return digest.record(fired: now)
        case .catchUp: return nil
        }
    }

    /// What of `result` this node sent, to be recorded: the stages it claimed, with the step's announcements.
    func claimedPart(of result: DriverStep) -> DriverStep {
        var part = result
        part.step.firings.removeAll { !claimed.contains($0.key) }
        part.step.events.removeAll { e in e.kind != .blocked && e.kind != .unblocked && !claimed.contains(e.key) }
        part.digests.removeAll { !claimed.contains($0.key) }
        return part
    }
}
