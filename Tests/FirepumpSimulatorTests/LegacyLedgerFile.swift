import FirepumpCore

/// The ledger file (`<HISTORY_FILE>.ledger.0`/`.1`) as firepump wrote it before the state record
/// carried the ledger: the ledger's JSON with `format` and `sequence` first, then a `crc32` line.
enum LegacyLedgerFile {
    static func bytes(_ ledger: RunLedger, sequence: UInt64) -> [UInt8] {
        guard case .object(let members) = HistoryCodec.ledgerPayload(ledger) else { preconditionFailure("a ledger is a JSON object") }
        let head: [JSONValue.Member] = [.init("format", .number(1)), .init("sequence", .number(Double(sequence)))]
        return ChecksumTrailer.seal(JSONValue.object(head + members).serializedBytes, separator: "\ncrc32 ")
    }
}
