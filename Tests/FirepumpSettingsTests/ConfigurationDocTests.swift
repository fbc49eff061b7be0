import FirepumpCore
import FirepumpSettings
import Foundation
import Testing

/// `docs/configuration.md` must list every setting exactly as the code declares it.
@Suite("docs/configuration.md")
struct ConfigurationDocTests {
    private static let page = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/configuration.md")

    @Test("the settings table on the page is the one the code generates")
    func tableMatchesTheCode() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- settings-table:begin -->\n"))
        let end = try #require(text.range(of: "\n<!-- settings-table:end -->"))
        let table = String(text[begin.upperBound..<end.lowerBound])
        #expect(table == DaemonSettings.markdownTable, "regenerate with: firepump check-config --markdown-table")
    }

    @Test("every setting accepted only for compatibility is named on the page")
    func ignoredSettingsAreDocumented() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        for key in DaemonSettings.table.ignoredForCompatibility.sorted() {
            #expect(text.contains("`\(key)`"), "\(key) is accepted and ignored but not documented")
        }
    }
}
