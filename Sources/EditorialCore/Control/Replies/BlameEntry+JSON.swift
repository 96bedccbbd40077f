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

extension BlameEntry: JSONWritable {
    /// The link's JSON text, members in sorted order.
    public func writeJSON(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        out.appendKey("blocks", first: true)
        out.appendJSON(blocks)
        out.appendKey("blocks_count")
        out.appendJSON(Int64(blocksCount))
        if let due {
            out.appendKey("due")
            out.appendJSON(due)
        }
        out.appendKey("item")
        out.appendJSON(item)
        out.appendKey("late_seconds")
        out.appendJSON(lateSeconds)
        if let owner {
            out.appendKey("owner")
            out.appendJSON(owner)
        }
        out.appendKey("path")
        out.appendJSON(path)
        out.appendKey("reason")
        out.appendJSON(reason.rawValue)
        out.appendKey("title")
        out.appendJSON(title)
        out.append(UInt8(ascii: "}"))
    }
}
