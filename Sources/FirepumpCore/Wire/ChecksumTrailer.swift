/// A CRC-32 written after a record's bytes, `<body><separator><8 hex digits>\n`: the state file
/// puts it on a line of its own (`\ncrc32 `), the history at the end of each record's line (` crc32 `).
public enum ChecksumTrailer {
    /// What the end of some bytes says about their checksum.
    public enum Verdict: Sendable, Hashable {
        /// The checksum matches: the body before it.
        case good(ArraySlice<UInt8>)
        /// No checksum trailer at the end (a torn write, or not such a record).
        case missing
        /// A trailer whose digits are not hexadecimal.
        case unreadable
        /// The checksum does not match the body (torn or altered).
        case mismatch
    }

    /// `body`, then the separator, its checksum and a newline.
    public static func seal(_ body: [UInt8], separator: String) -> [UInt8] {
        let hex = String(CRC32.checksum(body), radix: 16)
        return body + Array("\(separator)\(String(repeating: "0", count: 8 - hex.count))\(hex)\n".utf8)
    }

    /// Checks the trailer at the end of `bytes`.
    public static func open(_ bytes: ArraySlice<UInt8>, separator: String) -> Verdict {
        let trailer = Array(separator.utf8)
        let trailerLength = trailer.count + 8 + 1
        guard bytes.count >= trailerLength, bytes.last == UInt8(ascii: "\n") else { return .missing }
        let start = bytes.endIndex - trailerLength
        guard bytes[start..<start + trailer.count].elementsEqual(trailer) else { return .missing }
        let hex = String(decoding: bytes[(start + trailer.count)..<(bytes.endIndex - 1)], as: UTF8.self)
        guard let expected = UInt32(hex, radix: 16) else { return .unreadable }
        let body = bytes[bytes.startIndex..<start]
        return CRC32.checksum(body) == expected ? .good(body) : .mismatch
    }
}
