import EditorialCore
import Foundation

/// Reads a webhook's signing secret from its file or systemd credential, at each use (a rotated secret is picked
/// up without a restart).
enum Secret {
    /// Why a secret cannot be read.
    struct Problem: Error, Equatable {
        /// For the journal and the outbox's last result.
        var message: String
    }

    /// The secret's bytes (a trailing newline removed), or why not; `what` names it in messages.
    static func read(_ source: SecretSource, environment: [String: String], what: String = "webhook secret")
        -> Result<[UInt8], Problem>
    {
        let path: String
        switch source {
        case .file(let file):
            path = file
        case .credential(let name):
            guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else {
                return .failure(
                    Problem(
                        message:
                            "the \(what) credential '\(name)' is not available: $CREDENTIALS_DIRECTORY is unset (add LoadCredential=\(name):PATH to the unit)"
                    ))
            }
            path = directory + "/" + name
        }
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() else {
            let reason = String(cString: strerror(FileManager.default.fileExists(atPath: path) ? EACCES : ENOENT))
            return .failure(Problem(message: "cannot read the \(what) \(path): \(reason)"))
        }
        var bytes = [UInt8](data)
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        guard !bytes.isEmpty else { return .failure(Problem(message: "the \(what) \(path) is empty")) }
        return .success(bytes)
    }
}
