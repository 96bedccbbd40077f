extension Plan {
    /// Whether this plan's one-off items fall due exactly when `other`'s do: the very same posts and content (the
    /// same storage, as an unchanged file's plan is served from the parse cache) in the same zone and DST policy.
    /// A reload passes over such a plan's million posts instead of resolving or comparing them one by one.
    func hasSameDueOneOffItems(as other: Plan) -> Bool {
        zone.identifier == other.zone.identifier && dstPolicy == other.dstPolicy
            && posts.sharesStorage(with: other.posts) && content.sharesStorage(with: other.content)
    }
}
