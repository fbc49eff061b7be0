import FirepumpCore
import FirepumpSettings
import Testing

/// Issue 8 item 1: a `.env` read as docker compose and python-dotenv read it (wildfire-watch's
/// shared `.env` is written for them): inline comments, the three kinds of value, `export`, CRLF.
@Suite("EnvFile: the quoting rules of docker compose and python-dotenv")
struct EnvFileQuotingTests {
    private static func value(_ line: String) throws -> String? {
        try EnvFile.parse(line)["KEY"]
    }

    @Test("unquoted: a # after a space or tab starts a comment, the value is trimmed; any other # is part of the value", arguments: [
        ("KEY=1800     # 30 minutes default", "1800"),
        ("KEY=13\t# GPIO pin for tank full sensor", "13"),
        ("KEY=value # a # b", "value"),
        ("KEY=a#b", "a#b"),
        ("KEY=#general", "#general"),
        ("KEY= #general", "#general"),
        ("KEY=pass#word # the password", "pass#word"),
        ("KEY=two words   ", "two words"),
        ("KEY=", ""),
        ("KEY=   ", ""),
        ("KEY=it's", "it's"),
        ("KEY=a\"b", "a\"b"),
        ("KEY=mqtts://host:8883/?a=b=c", "mqtts://host:8883/?a=b=c"),
        ("KEY=${HOME}/x", "${HOME}/x"),
    ])
    func unquoted(_ line: String, _ expected: String) throws {
        #expect(try Self.value(line) == expected)
    }

    @Test("single quotes: literal (#, spaces, backslashes, $ kept), except \\' for a quote; a comment may follow", arguments: [
        ("KEY='p#ss word'", "p#ss word"),
        ("KEY='  padded  '", "  padded  "),
        (#"KEY='C:\temp\n'"#, #"C:\temp\n"#),
        (#"KEY='Let\'s go'"#, "Let's go"),
        ("KEY='${OTHER}'", "${OTHER}"),
        ("KEY='a' # comment", "a"),
        ("KEY='a'# comment", "a"),
        ("KEY=''", ""),
        ("KEY='say \"hi\"'", "say \"hi\""),
    ])
    func singleQuoted(_ line: String, _ expected: String) throws {
        #expect(try Self.value(line) == expected)
    }

    @Test("double quotes: # and spaces kept, the usual escapes applied, other backslashes kept", arguments: [
        ("KEY=\"13      # GPIO pin for tank full sensor\"", "13      # GPIO pin for tank full sensor"),
        ("KEY=\"p#ss word\" # the comment", "p#ss word"),
        (#"KEY="{\"hello\": \"json\"}""#, #"{"hello": "json"}"#),
        (#"KEY="tab\there\nnewline""#, "tab\there\nnewline"),
        (#"KEY="back\\slash""#, #"back\slash"#),
        (#"KEY="ends in a backslash\\""#, #"ends in a backslash\"#),
        (#"KEY="\d stays""#, #"\d stays"#),
        (#"KEY="it\'s""#, "it's"),
        (#"KEY="\a\b\f\v\r""#, "\u{07}\u{08}\u{0C}\u{0B}\r"),
        ("KEY=\"\"", ""),
        ("KEY=\"it's\"", "it's"),
    ])
    func doubleQuoted(_ line: String, _ expected: String) throws {
        #expect(try Self.value(line) == expected)
    }

    @Test("a quoted value may span lines; the lines after it are read as usual")
    func multiLine() throws {
        let values = try EnvFile.parse("A=\"first\nsecond\r\nthird\"\nB='x\ny' # c\nC=3\n")
        #expect(values == ["A": "first\nsecond\nthird", "B": "x\ny", "C": "3"])
    }

    @Test("export, blank and comment lines, CRLF and CR line ends, spaces around =")
    func layout() throws {
        let text = "# header\r\n\r\nexport A=1\r\nexport\tB = two # c\r\n   # indented comment\rC=\"3\"\r\n  D  =  4  \n"
        #expect(try EnvFile.parse(text) == ["A": "1", "B": "two", "C": "3", "D": "4"])
    }

    @Test("an unclosed quote, or text after the closing quote, is an error naming the line where the value begins", arguments: [
        ("A=1\nB=\"open\nC=3\n", 2, "B=\"open", "not closed"),
        ("A='open\n", 1, "A='open", "not closed"),
        ("A=\"x\" y\n", 1, "A=\"x\" y", "only a # comment"),
        ("A='x'y\n", 1, "A='x'y", "only a # comment"),
        (#"A='a\\'"#, 1, #"A='a\\'"#, "not closed"),
        ("A=1\n  B=\"x\"z\n", 2, "  B=\"x\"z", "only a # comment"),
    ])
    func quoteErrors(_ text: String, _ line: Int, _ shown: String, _ problem: String) throws {
        do {
            _ = try EnvFile.parse(text)
            Issue.record("no error for \(text.debugDescription)")
        } catch {
            #expect(error.line == line)
            #expect(error.text == shown)
            #expect(error.description.hasPrefix("line \(line): "))
            #expect(error.description.contains(problem), "\(error)")
        }
    }
}
