extension PaceReply: JSONValueRepresentable {
    /// The reply's JSON, built directly (52 weeks of a dozen pages is thousands of members).
    public var jsonValue: JSONValue {
        typealias K = CodingKeys
        return .object([
            K.from.rawValue: .string(from.description), K.to.rawValue: .string(to.description),
            K.zone.rawValue: .string(zone), K.weeks.rawValue: .int(Int64(weeks)),
            K.tolerance.rawValue: .int(tolerance),
            K.thresholds.rawValue: .object([
                PaceThresholds.CodingKeys.onTimeShare.rawValue: .double(thresholds.onTimeShare),
                PaceThresholds.CodingKeys.stalledWeeks.rawValue: .int(Int64(thresholds.stalledWeeks)),
                PaceThresholds.CodingKeys.socialPageLimit.rawValue: .int(Int64(thresholds.socialPageLimit)),
            ]),
            K.pages.rawValue: .array(pages.map(\.jsonValue)), K.owners.rawValue: .array(owners.map(\.jsonValue)),
            K.hint.rawValue: hint.map { h in
                typealias H = PaceHint.CodingKeys
                return .object([
                    H.drop.rawValue: .string(h.drop), H.title.rawValue: .string(h.title),
                    H.activeSocialPages.rawValue: .int(Int64(h.activeSocialPages)),
                    H.onTimeRatio.rawValue: .double(h.onTimeRatio),
                    H.lateProduction.rawValue: .int(Int64(h.lateProduction)),
                    H.message.rawValue: .string(h.message),
                ])
            } ?? .null,
        ])
    }
}

extension PacePage: JSONValueRepresentable {
    /// The page's JSON, built directly.
    public var jsonValue: JSONValue {
        typealias K = CodingKeys
        return .object([
            K.page.rawValue: .string(page), K.network.rawValue: .string(network), K.title.rawValue: .string(title),
            K.channels.rawValue: .array(channels.map(JSONValue.string)), K.social.rawValue: .bool(social),
            K.planned.rawValue: .int(Int64(planned)), K.onTime.rawValue: .int(Int64(onTime)),
            K.late.rawValue: .int(Int64(late)), K.skipped.rawValue: .int(Int64(skipped)),
            K.open.rawValue: .int(Int64(open)), K.lateMedian.rawValue: .optional(lateMedian),
            K.lateP90.rawValue: .optional(lateP90), K.lateProduction.rawValue: .int(Int64(lateProduction)),
            K.verdict.rawValue: .optional(verdict?.rawValue), K.weeks.rawValue: .array(weeks.map(\.jsonValue)),
        ])
    }
}

extension PaceOwner: JSONValueRepresentable {
    /// The owner's JSON, built directly.
    public var jsonValue: JSONValue {
        typealias K = CodingKeys
        return .object([
            K.owner.rawValue: .string(owner), K.planned.rawValue: .int(Int64(planned)),
            K.onTime.rawValue: .int(Int64(onTime)), K.late.rawValue: .int(Int64(late)),
            K.skipped.rawValue: .int(Int64(skipped)), K.open.rawValue: .int(Int64(open)),
            K.weeks.rawValue: .array(weeks.map(\.jsonValue)),
        ])
    }
}

extension PaceWeek: JSONValueRepresentable {
    /// The week's JSON, built directly.
    public var jsonValue: JSONValue {
        typealias K = CodingKeys
        return .object([
            K.start.rawValue: .string(start.description), K.planned.rawValue: .int(Int64(planned)),
            K.onTime.rawValue: .int(Int64(onTime)), K.late.rawValue: .int(Int64(late)),
            K.skipped.rawValue: .int(Int64(skipped)), K.open.rawValue: .int(Int64(open)),
        ])
    }
}
