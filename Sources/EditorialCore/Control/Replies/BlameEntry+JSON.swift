extension BlameEntry: JSONValueRepresentable {
    /// The link's JSON, built directly.
    public var jsonValue: JSONValue {
        typealias K = CodingKeys
        var o: [String: JSONValue] = Dictionary(minimumCapacity: 9)
        o[K.item.rawValue] = .string(item)
        o[K.title.rawValue] = .string(title)
        if let owner { o[K.owner.rawValue] = .string(owner) }
        if let due { o[K.due.rawValue] = .string(due.description) }
        o[K.reason.rawValue] = .string(reason.rawValue)
        o[K.lateSeconds.rawValue] = .int(lateSeconds)
        o[K.path.rawValue] = .array(path.map(JSONValue.string))
        o[K.blocks.rawValue] = .array(blocks.map(JSONValue.string))
        o[K.blocksCount.rawValue] = .int(Int64(blocksCount))
        return .object(o)
    }
}
