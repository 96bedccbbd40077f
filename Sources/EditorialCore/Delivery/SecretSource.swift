/// Where a webhook's signing secret is read from: never the config file, which is world-readable.
public enum SecretSource: Hashable, Sendable {
    /// A file (readable by the daemon only, mode 0600 or 0400).
    case file(String)
    /// A systemd credential (`LoadCredential=NAME:PATH` in the unit), read from `$CREDENTIALS_DIRECTORY/NAME`.
    case credential(String)
}
