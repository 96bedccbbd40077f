import Foundation

extension Run {
    /// Runs any program (absolute path) with arguments in the package root; output goes through files.
    static func command(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> Run
    {
        try launch(URL(fileURLWithPath: executable), arguments, environment: environment)
    }
}
