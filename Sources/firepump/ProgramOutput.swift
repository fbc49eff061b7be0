import Glibc

/// Runs another program and collects what it writes to standard output (its standard error goes
/// where firepump's goes: the journal under systemd).
enum ProgramOutput {
    /// Runs `program` (looked up on `PATH` unless it holds a `/`) with `arguments` and waits for it.
    /// - Returns: its exit status (128 + the signal if a signal ended it) and its standard output.
    /// - Throws: ``CommandFailure`` naming the call and the `errno` text when it cannot be started.
    static func run(_ program: String, _ arguments: [String]) throws(CommandFailure) -> (status: Int32, output: String) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw failure("pipe", program) }
        defer { if ends[0] >= 0 { close(ends[0]) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclose(&actions, ends[0])
        posix_spawn_file_actions_adddup2(&actions, ends[1], STDOUT_FILENO)
        posix_spawn_file_actions_addclose(&actions, ends[1])
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, program, &actions, nil, argv, environ)
        close(ends[1])
        guard spawned == 0 else { throw failure("posix_spawnp", program, spawned) }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(ends[0], &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            output += buffer[0..<count]
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw failure("waitpid", program) }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import (they are macros).
        let exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitStatus, String(decoding: output, as: UTF8.self))
    }

    private static func failure(_ call: String, _ program: String, _ code: Int32 = errno) -> CommandFailure {
        CommandFailure("\(call) \(program): \(String(cString: strerror(code)))", exitCode: 1)
    }
}
