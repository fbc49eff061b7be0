import FirepumpCore
import FirepumpSettings
import Foundation
import Testing

/// `deploy/firepump.env`, the Debian package's `/etc/firepump/firepump.env`, must list every
/// setting, commented out at its default, exactly as the code generates it.
@Suite("deploy/firepump.env")
struct EnvFileTemplateTests {
    private static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy/firepump.env")

    /// The `KEY=value` lines of the template with their `#` removed.
    private static var uncommentedAssignments: [String] {
        DaemonSettings.envFileTemplate.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("#"), let first = line.dropFirst().first, first.isUppercase else { return nil }
            return String(line.dropFirst())
        }
    }

    @Test("the file in deploy/ is the one the code generates")
    func fileMatchesTheCode() throws {
        let text = try String(contentsOf: Self.file, encoding: .utf8)
        #expect(text == DaemonSettings.envFileTemplate + "\n", "regenerate with: firepump check-config --env-file > deploy/firepump.env")
    }

    @Test("as installed it sets nothing: every line is a comment or blank")
    func installedFileSetsNothing() throws {
        #expect(try EnvFile.parse(DaemonSettings.envFileTemplate).isEmpty)
    }

    @Test("every setting appears once, under its own name, with its meaning on the line above")
    func everySettingOnce() {
        let lines = DaemonSettings.envFileTemplate.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for setting in DaemonSettings.all {
            let indices = lines.indices.filter { lines[$0].hasPrefix("#\(setting.name)=") }
            #expect(indices.count == 1, "\(setting.name) appears \(indices.count) times")
            if let index = indices.first {
                #expect(lines[index - 1].hasPrefix("# \(setting.meaning)"), "\(setting.name): meaning missing above it")
            }
        }
        #expect(Self.uncommentedAssignments.count == DaemonSettings.all.count)
    }

    @Test("uncommenting every setting gives exactly the defaults")
    func uncommentedGivesTheDefaults() throws {
        let values = try EnvFile.parse(Self.uncommentedAssignments.joined(separator: "\n"))
        #expect(values.count == DaemonSettings.all.count)
        let outcome = try DaemonSettings.parse(values)
        #expect(outcome.config == DaemonConfig())
        #expect(outcome.unknownKeys.isEmpty)
    }
}
