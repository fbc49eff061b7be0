import FirepumpCore
import FirepumpSettings
import Glibc

/// A board file found through `--board`/`BOARD=` and parsed (boards/README.md).
struct BoardFile {
    var board: Board
    /// Where it was read from.
    var path: String

    /// Finds and reads the board that a `BOARD` value names; `nil` for an empty value.
    ///
    /// - Throws: ``CommandFailure`` (exit status 2) for an unknown name, listing the boards that
    ///   can be found, and for a file that cannot be read or is not a valid board file.
    static func load(_ setting: String, environment: [String: String]) throws(CommandFailure) -> BoardFile? {
        let reference: BoardReference
        do {
            guard let named = try BoardReference(setting) else { return nil }
            reference = named
        } catch {
            throw CommandFailure("configuration error: \(error)")
        }
        let directories = BoardReference.searchDirectories(environment: environment)
        let candidates = reference.candidates(in: directories)
        let path: String
        switch reference {
        case .path(let given):
            path = given
        case .name(let name):
            guard let found = candidates.first(where: { access($0, F_OK) == 0 }) else {
                let known = Set(directories.flatMap { boardNames(in: $0) }).sorted()
                throw CommandFailure(
                    "unknown board \"\(name)\"; known boards: \(known.isEmpty ? "none" : known.joined(separator: ", ")) "
                        + "(looked in \(directories.joined(separator: ", ")))")
            }
            path = found
        }
        let values = try readSettings(path)
        do {
            return BoardFile(board: try Board.parse(values), path: path)
        } catch {
            throw CommandFailure("board file \(path): \(error)")
        }
    }

    /// The board names (`*.env` without the suffix) in a directory; none when it cannot be read.
    private static func boardNames(in directory: String) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".env"), name.count > 4 { names.append(String(name.dropLast(4))) }
        }
        return names
    }
}
