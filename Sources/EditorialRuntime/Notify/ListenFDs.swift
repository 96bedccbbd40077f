import CSystemd
import Glibc

/// The sockets systemd passed to this process (socket activation, `LISTEN_FDS`).
public enum ListenFDs {
    /// Takes the passed file descriptors (3, 4, …) with their names (`FileDescriptorName=`, `"unknown"` when
    /// unnamed), and removes `LISTEN_PID`, `LISTEN_FDS` and `LISTEN_FDNAMES` from the environment so child
    /// processes do not inherit them. Empty when nothing was passed to this process. The descriptors are
    /// close-on-exec and owned by the caller.
    public static func take() -> [(fd: Int32, name: String)] {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = sd_listen_fds_with_names(1, &names)
        defer {
            if let names {
                for index in 0..<Int(max(count, 0)) { free(names[index]) }
                free(names)
            }
        }
        guard count > 0 else { return [] }
        return (0..<count).map { index in
            let name = names?[Int(index)].map { String(cString: $0) } ?? "unknown"
            return (SD_LISTEN_FDS_START + index, name)
        }
    }
}
