import ArgumentParser
import EditorialRuntime

/// `editoriald`: the editorial-calendar daemon.
@main
struct Editoriald: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "editoriald",
        abstract: "The editorial-calendar daemon.",
        version: EditorialdVersion.current)

    func run() throws {}
}
