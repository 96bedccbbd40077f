extension PlanParser {
    /// The one key of a people document.
    static let peopleKey = "people"

    /// The keys of a person.
    static let personKeys = ["name", "email", "chat", "timezone", "routes", "digest"]

    /// Whether a document holds people rather than a plan: it has `people:`, or no plan key and a near miss of
    /// `people` (`peple:`), so that the typo is reported as one rather than as a plan missing all its keys.
    static func isPeopleDocument(_ node: YAMLNode) -> Bool {
        guard let mapping = node.mapping else { return false }
        let keys = mapping.compactMap { $0.key.scalar?.string }
        if keys.contains(peopleKey) { return true }
        return !keys.contains(where: planKeys.contains)
            && keys.contains { Suggestion.nearest(to: $0, among: [peopleKey]) != nil }
    }

    /// Reads a `people:` document: a mapping from owner id to person. Duplicates are found by `PlanSet`, which
    /// sees the people of every document and file.
    mutating func readPeople(_ node: YAMLNode) {
        hasPeople = true
        guard let mapping = node.mapping else { return }
        var value: YAMLNode? = nil
        var mixed = false
        for (keyNode, v) in mapping {
            guard let key = keyNode.scalar?.string else {
                reader.error(.wrongType, keyNode, "keys of a people document must be plain words")
                continue
            }
            if key == Self.peopleKey {
                value = v
            } else if Self.planKeys.contains(key) {
                mixed = true
            } else {
                let hint = Suggestion.nearest(to: key, among: [Self.peopleKey]).map { "; did you mean '\($0)'?" }
                reader.error(
                    .unknownKey, keyNode,
                    "unknown key '\(key)' in a people document" + (hint ?? " (known keys: \(Self.peopleKey))"))
            }
        }
        guard let value else {
            reader.error(.missingKey, node, "a people document needs '\(Self.peopleKey)'")
            return
        }
        if mixed {
            // One error where the fix is; the plan's keys are not read until the people have a document of their own.
            let key = mapping.first { $0.key.scalar?.string == Self.peopleKey }!.key
            reader.error(
                .invalidValue, key,
                "a document holds a plan or people, not both: put 'people' in a document of its own (separate "
                    + "documents with ---)")
        }
        guard let entries = value.mapping else {
            reader.error(
                .wrongType, value,
                "people must be a mapping from owner id to person (anna: {name: …, email: …}), not "
                    + reader.describe(value))
            return
        }
        for (idNode, personNode) in entries {
            guard let id = identifier(idNode, "a person id") else { continue }
            if let person = person(id, personNode, at: reader.location(of: idNode)) { people.append(person) }
        }
    }

    private mutating func person(_ id: String, _ node: YAMLNode, at location: SourceLocation) -> Person? {
        guard let f = reader.fields(node, of: "a person", allowed: Self.personKeys) else { return nil }
        var person = Person(id: id, location: location)
        person.name = f["name"].flatMap { reader.string($0, "name") }
        if let n = f["email"], let text = reader.string(n, "email") {
            if Self.isPlausibleAddress(text) {
                person.email = text
            } else {
                reader.error(
                    .invalidValue, n,
                    "email must be an address such as anna@example.com (one '@', no spaces), not '\(text)'")
            }
        }
        person.chat = f["chat"].flatMap { reader.string($0, "chat") }
        if let n = f["timezone"], let zoneName = reader.string(n, "timezone") {
            if let zone = ZoneRules(identifier: zoneName) {
                person.zone = zone
            } else {
                reader.error(
                    .unknownTimeZone, n, "unknown time zone '\(zoneName)'; use an IANA name such as Europe/Rome")
            }
        }
        if let n = f["routes"], let items = reader.list(n, "routes") {
            person.routes = items.compactMap { reader.string($0, "a route") }
        }
        if let n = f["digest"], let text = reader.string(n, "digest") {
            if let digest = DigestTime(parsing: text) {
                person.digest = digest
            } else {
                reader.error(.invalidTime, n, "digest must be HH:MM (a time of day, 24-hour clock), not '\(text)'")
            }
        }
        return person
    }

    /// An RFC 5322 addr-spec in its plausible everyday form: one `@` with something on either side, no white space
    /// (a CR or LF would let an address inject mail headers).
    static func isPlausibleAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && !text.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
    }
}
