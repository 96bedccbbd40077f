/// The version of this build, one constant for both executables: `editoriald --version`, `editorialctl
/// --version`, the daemon's `status` and its started entry.
public enum EditorialVersion {
    /// Semantic version of this build.
    public static let current = "0.2.0"
}
