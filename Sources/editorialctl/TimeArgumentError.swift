/// A time argument that cannot be read.
struct TimeArgumentError: Error, CustomStringConvertible {
    /// What is wrong.
    let message: String
    /// The message.
    var description: String { message }
}
