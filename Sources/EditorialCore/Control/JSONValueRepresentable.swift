/// A type whose JSON is also built by hand, member by member under the names of its `CodingKeys`: the replies the
/// daemon writes most (list entries, pages, status, watch events), where building the tree directly costs a
/// fraction of going through `Encoder` containers. `JSONValueEncoder` takes this form when it is offered; a test
/// checks, for every such type, that it equals the `Codable` encoding, so the two cannot drift apart.
public protocol JSONValueRepresentable: Encodable {
    /// The value's JSON, exactly as its `encode(to:)` would write it.
    var jsonValue: JSONValue { get }
}
