import ArgumentParser
import EditorialCore

extension EditorialCtl {
    /// `--state` of `outbox`.
    struct OutboxStateArgument: ExpressibleByArgument {
        /// The state.
        var state: OutboxState

        /// Reads a state name.
        init?(argument: String) {
            guard let state = OutboxState(rawValue: argument) else { return nil }
            self.state = state
        }

        /// The states, for help and completion.
        static var allValueStrings: [String] { OutboxState.allCases.map(\.rawValue) }
    }
}
