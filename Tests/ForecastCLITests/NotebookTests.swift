import Foundation
import Testing
import _ForecastTestSupport

/// The walk-throughs in Notebooks-md/ are generated from their templates by Scripts/notebooks, which
/// runs every `<!-- run: forecast … -->` command. These tests fail when a command no longer runs, or
/// when a walk-through is out of date with its template.
@Suite struct NotebookTests {
    static let templates = packageRoot + "/Notebooks-md/templates"

    static func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: templates)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
    }

    static func commands(in template: String) throws -> [String] {
        try String(contentsOfFile: "\(templates)/\(template)", encoding: .utf8).split(separator: "\n").compactMap { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("<!-- run: forecast "), t.hasSuffix(" -->") else { return nil }
            return String(t.dropFirst("<!-- run: ".count).dropLast(" -->".count))
        }
    }

    @Test func thereIsAWalkThroughForStocksWeatherTrafficAndManySeries() {
        #expect(Self.names() == ["many-series.md", "stocks.md", "traffic.md", "weather.md"])
    }

    /// Each command runs (networks shrunk to one epoch of 4 units so the debug build is quick; figures
    /// go to a scratch directory).
    @Test(arguments: names())
    func everyWalkThroughCommandRuns(template: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let commands = try Self.commands(in: template)
        #expect(!commands.isEmpty)
        for command in commands {
            var arguments = command.split(separator: " ").dropFirst().map(String.init)
            arguments = arguments.map { $0.hasPrefix("Notebooks-md/figures/") ? dir.file(($0 as NSString).lastPathComponent) : $0 }
            if ["predict", "backtest"].contains(arguments[0]) { arguments += ["--epochs", "1", "--units", "4"] }
            if arguments[0] == "backtest" { arguments += ["--folds", "2"] }
            let r = try runForecast(arguments)
            #expect(r.status == 0, "\(template): `\(command)` failed: \(r.standardError)")
        }
    }

    /// The generated file holds every command of its template and no unfilled note.
    @Test(arguments: names())
    func walkThroughIsRegeneratedFromItsTemplate(template: String) throws {
        let generated = try String(contentsOfFile: packageRoot + "/Notebooks-md/" + template, encoding: .utf8)
        for command in try Self.commands(in: template) {
            #expect(generated.contains("$ " + command), "\(template) is out of date: run Scripts/notebooks")
        }
        let source = try String(contentsOfFile: "\(Self.templates)/\(template)", encoding: .utf8)
        #expect(!source.contains("NOTES_"), "\(template) has a placeholder where prose belongs")
        #expect(!generated.contains("<!-- run:"))
    }
}
