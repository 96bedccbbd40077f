import ArgumentParser

/// Options shared by commands that read plan files.
struct PlanOptions: ParsableArguments {
    /// Emit JSON instead of text.
    @Flag(name: .long, help: "Print JSON for machines instead of text.")
    var json = false
}
