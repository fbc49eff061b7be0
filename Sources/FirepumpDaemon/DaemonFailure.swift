/// Why the daemon could not start or had to stop: a runtime failure (exit status 1).
public struct DaemonFailure: Error, CustomStringConvertible {
    /// One line for the log and stderr, naming what failed and why.
    public var description: String

    /// A failure described by `description`.
    public init(_ description: String) {
        self.description = description
    }
}
