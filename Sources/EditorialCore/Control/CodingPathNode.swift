/// A coder in a chain of parents (`JSONValueEncoder`'s and `JSONValueDecoder`'s), whose coding path is rebuilt
/// from the chain only when asked for, which is rare (an error).
protocol CodingPathNode: AnyObject {
    /// The coder this one's value belongs to.
    var parentNode: (any CodingPathNode)? { get }
    /// How this coder's value is reached from its parent's.
    var component: CodingPathComponent { get }
}

extension CodingPathNode {
    /// The keys from the top-level value down to this coder's.
    var chainPath: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node: (any CodingPathNode)? = self
        while let current = node {
            switch current.component {
            case .root: break
            case .key(let string, let int): keys.append(CodingPathComponent.Key(string, int))
            case .index(let index): keys.append(CodingPathComponent.Key(index: index))
            }
            node = current.parentNode
        }
        return keys.reversed()
    }
}
