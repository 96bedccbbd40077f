/// The source document's rules as warnings on a plan set, each at the position it is about.
///
/// - More than four active social channels ("skimming": a business should run three or four pages at most).
/// - A personal profile where the network has company pages (Facebook, LinkedIn).
/// - A company presence on a network that has no company profiles (TikTok).
/// - A video network with posts or slots but no video production planned.
/// - A slot with nothing to prepare or produce.
/// - Posts and slots outside their plan's period.
/// - Every occurrence whose local time a daylight-saving change touches, and slots that never occur.
/// - Owners who are not among the people, when a `people:` document exists (without one, delivery is not
///   configured and owners are only names).
public struct PlanChecker: Sendable {
    /// The most social channels a business should keep active.
    public static let channelLimit = 4

    /// The plan set checked.
    public let planSet: PlanSet

    /// Creates a checker.
    public init(planSet: PlanSet) {
        self.planSet = planSet
    }

    /// All warnings, in position order.
    public func warnings() -> [Diagnostic] {
        var out: [Diagnostic] = []
        checkChannels(&out)
        checkVideo(&out)
        checkSlots(&out)
        checkPeriods(&out)
        checkDaylightSaving(&out)
        checkOwners(&out)
        return out.sorted()
    }

    private func warn(_ out: inout [Diagnostic], _ code: DiagnosticCode, _ at: SourceLocation, _ message: String) {
        out.append(Diagnostic(.warning, code, at: at, message))
    }

    private func checkChannels(_ out: inout [Diagnostic]) {
        for plan in planSet.plans {
            for channel in plan.channels {
                let id = "\(plan.name)/\(channel.id)"
                guard let network = Network.known[channel.network] else {
                    let names = Set(Network.known.values.map(\.key)).sorted().joined(separator: ", ")
                    warn(
                        &out, .unknownNetwork, channel.networkLocation,
                        "unknown network '\(channel.network)' for channel '\(id)'; no rules apply (known: \(names))")
                    continue
                }
                let presence = channel.presence ?? .companyPage
                switch (network.model, presence) {
                case (.companyPages, .personalProfile):
                    warn(
                        &out, .personalProfileForCompany, channel.presenceLocation,
                        "\(network.name) has company pages: running the company as a personal profile on '\(id)' is "
                            + "harmful and counterproductive; use presence: company-page")
                case (.noCompanyProfile, .companyPage):
                    warn(
                        &out, .noCompanyProfiles, channel.presenceLocation,
                        "\(network.name) has no company profiles: a company presence on '\(id)' makes no sense there")
                default:
                    break
                }
            }
        }
        checkChannelCount(&out)
    }

    /// Counts the social pages run at the same time: the channels of all plans whose periods overlap, one page
    /// per network and handle (so two semester plans declaring the same LinkedIn page count it once).
    private func checkChannelCount(_ out: inout [Diagnostic]) {
        struct Page {
            var key: String
            var id: String
            var location: SourceLocation
        }
        let pages: [[Page]] = planSet.plans.map { plan in
            plan.channels.compactMap { channel in
                guard channel.active, let network = Network.known[channel.network], network.isSocial else { return nil }
                return Page(key: channel.pageKey, id: "\(plan.name)/\(channel.id)", location: channel.location)
            }
        }
        var reported = Set<[String]>()
        for plan in planSet.plans {
            var seen = Set<String>()
            var distinct: [Page] = []
            for (other, its) in zip(planSet.plans, pages) where other.from < plan.end && plan.from < other.end {
                for page in its where seen.insert(page.key).inserted { distinct.append(page) }
            }
            guard distinct.count > Self.channelLimit, reported.insert(distinct.map(\.key).sorted()).inserted else {
                continue
            }
            let names = distinct.map(\.id).joined(separator: ", ")
            warn(
                &out, .tooManyChannels, distinct[Self.channelLimit].location,
                "\(distinct.count) active social channels at once (\(names)): a business should not manage more "
                    + "than three or four; keep only those you can feed with new, original content over time")
        }
    }

    /// What each channel has: posts, slots, and whether any video is produced for it.
    private struct ChannelUse {
        var posts = 0
        var slots = 0
        var video = false
    }

    /// Use by page (`Channel.pageKey`), so that a page declared by several plans is judged as one.
    private func channelUse() -> [String: ChannelUse] {
        var use: [String: ChannelUse] = [:]
        // A page key is built once per channel, not once per post.
        var pages: [String: String] = [:]
        func page(_ id: String) -> String {
            if let known = pages[id] { return known }
            let key = planSet.channel(id)?.pageKey ?? id
            pages[id] = key
            return key
        }
        func isVideo(_ id: String) -> Bool {
            guard case .content(let p, let i) = planSet.items[id] else { return false }
            return Network.videoTypes.contains(planSet.plans[p].content[i].type)
        }
        for plan in planSet.plans {
            for item in plan.content where Network.videoTypes.contains(item.type) {
                for c in item.channels { if let t = c.target { use[page(t), default: .init()].video = true } }
            }
            // Field by field: building each post was most of this pass.
            for i in plan.posts.indices {
                guard let c = plan.posts.channelTarget(at: i).map(page) else { continue }
                use[c, default: .init()].posts += 1
                if plan.posts.needs(at: i).contains(where: { $0.target.map(isVideo) ?? false }) {
                    use[c]!.video = true
                }
            }
            guard let c = plan.channel?.target.map(page) else { continue }
            for slot in plan.slots {
                use[c, default: .init()].slots += 1
                if let type = slot.prepare?.type, Network.videoTypes.contains(type) { use[c]!.video = true }
                if slot.needs.contains(where: { $0.target.map(isVideo) ?? false }) { use[c]!.video = true }
            }
        }
        return use
    }

    private func checkVideo(_ out: inout [Diagnostic]) {
        let use = channelUse()
        var warned = Set<String>()
        for plan in planSet.plans {
            for channel in plan.channels {
                let key = channel.pageKey
                guard let u = use[key], let network = Network.known[channel.network], network.videoFirst,
                    u.posts + u.slots > 0, !u.video, warned.insert(key).inserted
                else { continue }
                warn(
                    &out, .noVideoProduction, channel.location,
                    "'\(plan.name)/\(channel.id)' is on \(network.name), a video network, with \(u.posts) posts and "
                        + "\(u.slots) slots but no video production planned: a channel without the resources to make "
                        + "videos is useless")
            }
        }
    }

    private func checkSlots(_ out: inout [Diagnostic]) {
        for plan in planSet.plans {
            for slot in plan.slots where slot.prepare == nil && slot.needs.isEmpty {
                warn(
                    &out, .nothingProduced, slot.location,
                    "slot '\(plan.name)/\(slot.id)' publishes on \(plan.channel?.target ?? "its channel") but nothing "
                        + "is prepared or produced for it; add 'prepare:' or 'needs:'")
            }
            for slot in plan.slots where !slot.recurrence.exceptions.isEmpty || !slot.exceptDays.isEmpty {
                checkExceptions(slot, plan, &out)
            }
        }
    }

    /// An exception that removes nothing is most likely a typo (a wrong date or time): say so.
    private func checkExceptions(_ slot: Slot, _ plan: Plan, _ out: inout [Diagnostic]) {
        var unexcepted = slot.recurrence
        unexcepted.exceptions = []
        let last = LocalDateTime(secondsSinceEpochAsUTC: slot.end.secondsSinceEpochAsUTC - 1)
        var times = Set<LocalDateTime>()
        var days = Set<Int>()
        for t in unexcepted.localOccurrences(through: last) where t >= slot.start {
            times.insert(t)
            days.insert(t.daysSinceEpoch)
        }
        let missed =
            slot.recurrence.exceptions.filter { !times.contains($0) }.map(\.shortDescription)
            + slot.exceptDays.filter { !days.contains($0) }.map { LocalDateTime(daysSinceEpoch: $0).date }
        for text in missed.sorted() {
            warn(
                &out, .suspicious, slot.location,
                "except \(text) matches no occurrence of slot '\(plan.name)/\(slot.id)' ('\(slot.ruleText)')")
        }
    }

    private func checkPeriods(_ out: inout [Diagnostic]) {
        for plan in planSet.plans {
            let span = "\(plan.from.date) … \(plan.until.date)"
            for i in plan.posts.indices where !plan.covers(plan.posts.time(at: i)) {
                let post = plan.posts[i]
                warn(
                    &out, .outsidePeriod, post.atLocation,
                    "post '\(post.id)' at \(post.at.shortDescription) is outside the period of '\(plan.name)' (\(span))"
                )
            }
            for slot in plan.slots where slot.start < plan.from || slot.end > plan.end {
                warn(
                    &out, .outsidePeriod, slot.location,
                    "slot '\(slot.id)' runs \(slot.start.date) … \(slot.end.addingDays(-1).date), beyond the period "
                        + "of '\(plan.name)' (\(span))")
            }
        }
    }

    /// Where an owner is named: the item (or preparation) that names them.
    private struct OwnerPlace: Hashable {
        var owner: String
        var location: SourceLocation
    }

    private func checkOwners(_ out: inout [Diagnostic]) {
        guard planSet.hasPeople else { return }
        let known = planSet.people.keys.sorted()
        var reported = Set<OwnerPlace>()
        func check(_ owner: String?, of what: String, at location: SourceLocation) {
            guard let owner, planSet.person(owner) == nil,
                reported.insert(OwnerPlace(owner: owner, location: location)).inserted
            else { return }
            var message = "owner '\(owner)' of \(what) is not among the people"
            if let near = Suggestion.nearest(to: owner, among: known) {
                message += "; did you mean '\(near)'?"
            } else {
                message += ", so no reminder can reach them; add them to a people document"
            }
            warn(&out, .unknownOwner, location, message)
        }
        for plan in planSet.plans {
            for item in plan.content { check(item.owner, of: "'\(plan.name)/\(item.id)'", at: item.location) }
            for i in plan.posts.indices where plan.posts.owner(at: i) != nil {
                let post = plan.posts[i]
                check(post.owner, of: "'\(plan.name)/\(post.id)'", at: post.location)
            }
            for slot in plan.slots {
                check(slot.owner, of: "'\(plan.name)/\(slot.id)'", at: slot.location)
                if let prepare = slot.prepare {
                    check(prepare.owner, of: "the preparation of '\(plan.name)/\(slot.id)'", at: prepare.location)
                }
            }
        }
    }

    private func checkDaylightSaving(_ out: inout [Diagnostic]) {
        // One-off items are resolved here, not built: an agenda of a million posts is most of a check's time
        // and memory, and a handful of them meet a daylight-saving change. Slot occurrences come from an agenda
        // without one-off items, walked lazily.
        let agenda = Agenda(slotsOf: planSet)
        for (p, plan) in planSet.plans.enumerated() {
            for item in plan.content {
                let r = plan.zone.resolve(item.due, policy: plan.dstPolicy)
                guard r.kind != .normal else { continue }
                warn(
                    &out, .daylightSaving, item.location, dstMessage("\(plan.name)/\(item.id)", item.due, r, plan.zone))
            }
            for i in plan.posts.indices {
                let r = plan.zone.resolve(plan.posts.time(at: i), policy: plan.dstPolicy)
                guard r.kind != .normal else { continue }
                let post = plan.posts[i]
                // Point at the post's time, not at the start of its mapping.
                warn(
                    &out, .daylightSaving, post.atLocation, dstMessage("\(plan.name)/\(post.id)", post.at, r, plan.zone)
                )
            }
            if let renewal = Agenda.renewal(of: p, in: planSet), renewal.dst != .normal {
                warn(&out, .daylightSaving, renewal.source, dstMessage(renewal))
            }
        }
        for (p, plan) in planSet.plans.enumerated() {
            for (s, slot) in plan.slots.enumerated() {
                // The occurrences are walked lazily and only those daylight saving touches become items: a slot
                // may recur every second (RFC 5545 allows it), millions of times in its period.
                var any = false
                let last = LocalDateTime(secondsSinceEpochAsUTC: slot.end.secondsSinceEpochAsUTC - 1)
                for z in slot.recurrence.occurrences(in: plan.zone, policy: plan.dstPolicy, through: last) {
                    if z.local < slot.start || slot.exceptDays.contains(z.local.daysSinceEpoch) { continue }
                    any = true
                    guard z.resolution.kind != .normal else { continue }
                    let t = z.local.secondsSinceEpochAsUTC
                    for item in agenda.occurrences(plan: p, slot: s, from: t - 93_600, to: t + 93_600)
                    where item.local == z.local {
                        warn(&out, .daylightSaving, slot.ruleLocation, dstMessage(item))
                    }
                }
                if !any {
                    warn(
                        &out, .suspicious, slot.ruleLocation,
                        "slot '\(slot.id)' ('\(slot.ruleText)') has no occurrence in \(slot.start.date) … "
                            + "\(slot.end.addingDays(-1).date)")
                }
            }
        }
    }

    private func dstMessage(_ item: AgendaItem) -> String {
        dstMessage(item.id, item.local, ZoneResolution(utc: item.due, offset: item.offset, kind: item.dst), item.zone)
    }

    private func dstMessage(_ id: String, _ local: LocalDateTime, _ r: ZoneResolution, _ zoneRules: ZoneRules) -> String
    {
        let zone = zoneRules.identifier
        let when = "\(id) at \(local.shortDescription)"
        switch r.kind {
        case .normal:
            return when
        case .gapShifted(let by):
            let moved = r.utc.map { TimeText.local($0, offset: r.offset) } ?? "?"
            return "\(when) falls in the daylight-saving gap of \(zone); it moves \(by / 60) minutes forward, to "
                + "\(moved) (dst: gap: skip drops it instead)"
        case .gapSkipped:
            return "\(when) falls in the daylight-saving gap of \(zone) and is skipped (dst: gap: skip)"
        case .repeated(let other):
            let chosen = r.utc.map { TimeText.utc($0) } ?? "?"
            return "\(when) happens twice in \(zone) (daylight saving ends); \(chosen) is used, not "
                + "\(TimeText.utc(other)) (dst: repeated: first|last chooses)"
        }
    }
}
