import FirepumpCore
import FirepumpSettings
import Testing

@Suite("EnvFile: KEY=value files")
struct EnvFileTests {
    private func syntaxError(_ text: String) -> EnvFile.SyntaxError? {
        do {
            _ = try EnvFile.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("assignments, comments, blank lines, export, quotes, spaces around")
    func parses() throws {
        let text = """
            # firepump settings
            MQTT_BROKER=broker.lan

              FIRE_OFF_DELAY = 900
            export TOPIC_PREFIX=site1
            export   MQTT_USERNAME="pump user"
            MQTT_PASSWORD='p#ss=word'
            EMPTY=
            QUOTED_EMPTY=""
            URL=mqtts://h:8883/x?a=b
            \t# indented comment
            """
        let values = try EnvFile.parse(text)
        #expect(values == [
            "MQTT_BROKER": "broker.lan",
            "FIRE_OFF_DELAY": "900",
            "TOPIC_PREFIX": "site1",
            "MQTT_USERNAME": "pump user",
            "MQTT_PASSWORD": "p#ss=word",
            "EMPTY": "",
            "QUOTED_EMPTY": "",
            "URL": "mqtts://h:8883/x?a=b",
        ])
    }

    @Test("a later assignment of a key wins")
    func laterWins() throws {
        #expect(try EnvFile.parse("A=1\nA=2\n") == ["A": "2"])
    }

    @Test("Windows line endings are accepted")
    func crlf() throws {
        #expect(try EnvFile.parse("A=1\r\nB=\"two\"\r\n") == ["A": "1", "B": "two"])
    }

    @Test("a line that is not an assignment is an error naming its line number and text", arguments: [
        ("A=1\nnot an assignment\n", 2, "not an assignment"),
        ("=value", 1, "=value"),
        ("\n\n# c\nMY-KEY=1", 4, "MY-KEY=1"),
        ("A=1\nexport\n", 2, "export"),
        ("A B=1", 1, "A B=1"),
    ])
    func badLine(_ text: String, _ line: Int, _ shown: String) throws {
        let error = try #require(syntaxError(text))
        #expect(error.line == line)
        #expect(error.text == shown)
        #expect(error.description.hasPrefix("line \(line): "))
        #expect(error.description.contains(shown))
    }

    @Test("an env file feeds the config parser")
    func feedsParser() throws {
        let values = try EnvFile.parse("MAX_ENGINE_RUNTIME=600\nIGNITION_ON_PIN=5\nMQTT_TLS=yes\n")
        let config = try DaemonSettings.parse(values).config
        #expect(config.pump.timing.maxEngineRuntime == 600)
        #expect(config.pump.outputs[.ignitionOn].line == 5)
        #expect(config.mqtt.tls)
    }
}
