/// The daemon's version, shown by `editoriald --version` and reported in its status.
public enum EditorialdVersion {
    /// Semantic version of this build.
    public static let current = "0.2.0"
}
