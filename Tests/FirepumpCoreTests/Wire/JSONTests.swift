import FirepumpCore
import PropertyBased
import Testing

@Suite("JSON reader and writer")
struct JSONTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONReader.parse(Array(text.utf8)) }

    private func failure(_ bytes: [UInt8]) -> JSONReader.Failure? {
        do {
            _ = try JSONReader.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test("values of every kind, in order, with whitespace")
    func parsesValues() throws {
        let value = try parse(" {\"a\" : [1, -2.5, 1e3, true, false, null, \"x\"],\n\t\"b\":{}, \"c\":[] } \r\n")
        #expect(value == .object([
            .init("a", .array([1, -2.5, 1000, true, false, .null, "x"])),
            .init("b", .object([])),
            .init("c", .array([])),
        ]))
        #expect(value["a"] != nil && value["missing"] == nil)
        #expect(JSONValue.array([]).self["a"] == nil)
    }

    @Test("a duplicate member keeps the last value")
    func duplicateKeys() throws {
        #expect(try parse(#"{"action":"stop","action":"trigger"}"#)["action"] == "trigger")
    }

    @Test("escapes: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
    func escapes() throws {
        let value = try parse(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u4e2d\u0000""#)
        #expect(value == .string("\"\\/\u{08}\u{0C}\n\r\tAé中\u{0}"))
    }

    @Test("surrogate pairs decode to one scalar; lone or broken surrogates are refused")
    func surrogates() throws {
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse(#""\uDBFF\uDFFF""#) == .string("\u{10FFFF}"))
        #expect(try parse("\"😀\"") == .string("😀"), "raw UTF-8 outside the BMP")
        for bad in [#""\ud83d""#, #""\ude00""#, #""\ud83d\u0041""#, #""\ud83d\n""#, #""\ud83dx""#, #""\ud83d\ud83d""#] {
            #expect(failure(Array(bad.utf8)) != nil, "\(bad)")
        }
    }

    @Test("malformed JSON is refused with a reason and a byte offset", arguments: [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{1:2}", "tru", "nul", "01x", "1.2.3", "--1", "1e999",
        "\"abc", "\"a\u{1}b\"", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "[1 2]", "{} {}", "'a'", "NaN", "Infinity",
    ])
    func malformed(_ text: String) throws {
        let error = try #require(failure(Array(text.utf8)))
        #expect(error.description.contains("at byte"))
    }

    @Test("invalid UTF-8 inside a string is refused")
    func invalidUTF8InString() {
        #expect(failure([0x22, 0xFF, 0x22]) != nil)
        #expect(failure([0x22, 0xC3, 0x22]) != nil)
    }

    @Test("nesting deeper than maxDepth is refused; maxDepth itself is fine")
    func depth() throws {
        let ok = String(repeating: "[", count: JSONReader.maxDepth) + String(repeating: "]", count: JSONReader.maxDepth)
        #expect(throws: Never.self) { try parse(ok) }
        let deep = String(repeating: "[", count: JSONReader.maxDepth + 1) + String(repeating: "]", count: JSONReader.maxDepth + 1)
        #expect(failure(Array(deep.utf8))?.description.contains("nesting") == true)
        #expect(failure(Array(String(repeating: "[", count: 100_000).utf8)) != nil)
    }

    @Test("serialized: compact, members in order, numbers in their shortest form, non-finite as null")
    func serializes() {
        let value: JSONValue = .object([
            .init("t", 187.1), .init("n", 2), .init("neg", -3), .init("big", .number(1e20)), .init("tiny", .number(.leastNonzeroMagnitude)),
            .init("nan", .number(.nan)), .init("inf", .number(-.infinity)), .init("b", true), .init("z", .null),
            .init("a", .array(["x", 1.5])),
        ])
        #expect(value.serialized == #"{"t":187.1,"n":2,"neg":-3,"big":1e+20,"tiny":5e-324,"nan":null,"inf":null,"b":true,"z":null,"a":["x",1.5]}"#)
    }

    @Test("serialized strings escape quotes, backslashes and every control character")
    func serializesEscapes() {
        #expect(JSONValue.string("a\"b\\c\nd\re\tf\u{0}\u{1F}\u{7F}é😀").serialized == #""a\"b\\c\nd\re\tf\u0000\u001f\#u{7F}é😀""#)
        #expect(JSONValue.string("\u{08}\u{0C}").serialized == #""\u0008\u000c""#)
    }

    @Test("round trip: parse(serialized(v)) == v for random values (1,000 cases)")
    func roundTrip() async {
        // A failing case prints `.fixedSeed(...)`: add it to this @Test to replay that exact value.
        await propertyCheck(count: 1000, input: JSONGen.value) { value in
            let text = value.serialized
            #expect(throws: Never.self) { try JSONReader.parse(Array(text.utf8)) }
            #expect((try? JSONReader.parse(Array(text.utf8))) == value, "\(text)")
        }
    }

    @Test("random byte strings never crash the reader or the message parser (1,000 cases)")
    func garbageNeverCrashes() async {
        let topics = Topics.reference(host: "h")
        await propertyCheck(count: 1000, input: JSONGen.garbage) { bytes in
            _ = try? JSONReader.parse(bytes)
            let trigger = InboundMessage.event(topic: "fire/trigger", payload: bytes, retained: false, topics: topics)
            let command = InboundMessage.event(topic: "fire/emergency", payload: bytes, retained: false, topics: topics)
            #expect(trigger != nil && command != nil)
            if case .command = trigger { Issue.record("a trigger-topic message became a command") }
            if case .trigger = command { Issue.record("an emergency-topic message became a trigger") }
        }
    }
}

/// Generators for JSON values and for hostile payloads.
enum JSONGen {
    /// Scalars that stress the writer and the reader: controls, quotes, backslashes, non-ASCII, non-BMP.
    static let scalars: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\u{0}", "\u{1}", "\u{8}", "\u{C}", "\n", "\r", "\t", "\u{1F}",
                                             "\u{7F}", "é", "中", "\u{2028}", "\u{FEFF}", "😀", "\u{10FFFF}", "{", "}", "[", ":", ","]

    static let value = Generator<JSONValue, Shrink.None<JSONValue>> { rng in randomValue(depth: 0, using: &rng) }

    static func randomString(using rng: inout some RandomNumberGenerator) -> String {
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &rng) { text.append(scalars.randomElement(using: &rng)!) }
        return String(text)
    }

    static func randomNumber(using rng: inout some RandomNumberGenerator) -> Double {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: return Double(Int.random(in: -1_000_000...1_000_000, using: &rng))
        case 1: return Double(Int.random(in: -999_999_999_999_999...999_999_999_999_999, using: &rng))
        case 2: return Double.random(in: -1000...1000, using: &rng)
        case 3: return [0, -0.0, 0.1, 187.1, 1e15, 1e20, -1e300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, .leastNormalMagnitude].randomElement(using: &rng)!
        default:
            // Any finite bit pattern.
            while true {
                let value = Double(bitPattern: UInt64.random(in: .min ... .max, using: &rng))
                if value.isFinite { return value }
            }
        }
    }

    static func randomValue(depth: Int, using rng: inout some RandomNumberGenerator) -> JSONValue {
        let kinds = depth >= 5 ? 4 : 6
        switch Int.random(in: 0..<kinds, using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .number(randomNumber(using: &rng))
        case 3: return .string(randomString(using: &rng))
        case 4: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(depth: depth + 1, using: &rng) })
        default:
            var members: [JSONValue.Member] = []
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                let key = randomString(using: &rng)
                if members.contains(where: { $0.key == key }) { continue }
                members.append(.init(key, randomValue(depth: depth + 1, using: &rng)))
            }
            return .object(members)
        }
    }

    /// Valid payloads with random bytes changed, cut or inserted, plus pure noise.
    static let garbage = Generator<[UInt8], Shrink.None<[UInt8]>> { rng in
        let seeds = [#"{"action":"trigger"}"#, #"{"command":"stop"}"#, "stop", "", #"[{"a":[1,2,{"b":"\ud83d\ude00"}]}]"#, "\"\\u00e9\""]
        var bytes = Array(seeds.randomElement(using: &rng)!.utf8)
        if Bool.random(using: &rng) { bytes = Array(randomValue(depth: 0, using: &rng).serialized.utf8) }
        for _ in 0..<Int.random(in: 0...6, using: &rng) {
            let byte = UInt8.random(in: 0...255, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &rng)] = byte
            case 1 where !bytes.isEmpty: bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &rng)...)
            case 2: bytes.insert(byte, at: Int.random(in: 0...bytes.count, using: &rng))
            default: bytes += Array(repeating: [0x5B, 0x7B, 0x22][Int.random(in: 0..<3, using: &rng)], count: Int.random(in: 1...64, using: &rng))
            }
        }
        return bytes
    }
}
