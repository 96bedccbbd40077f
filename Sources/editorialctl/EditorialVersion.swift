/// The version string.
enum EditorialVersion {
    /// Semantic version of this build.
    static let string = "0.1.0"
}
