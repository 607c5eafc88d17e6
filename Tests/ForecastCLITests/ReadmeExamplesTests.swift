import Foundation
import Testing
import _ForecastTestSupport

/// Every `forecast` command in the README's code blocks that reads a shipped data set, or a file an
/// earlier command wrote, runs as written, in order (from a scratch directory with the data sets
/// linked in). Networks get `--epochs 1 --units 4` appended to keep the debug build quick.
@Suite struct ReadmeExamplesTests {
    static func commands() throws -> [[String]] {
        let text = try String(contentsOfFile: packageRoot + "/README.md", encoding: .utf8)
        var inBlock = false, commands: [[String]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") { inBlock.toggle(); continue }
            guard inBlock else { continue }
            var command = line.hasPrefix("$ ") ? String(line.dropFirst(2)) : line
            if command.hasPrefix("Scripts/forecast ") { command = String(command.dropFirst("Scripts/".count)) }
            guard command.hasPrefix("forecast ") else { continue }
            if let hash = command.range(of: "  #") { command = String(command[..<hash.lowerBound]) }
            commands.append(command.split(separator: " ").dropFirst().map(String.init))
        }
        return commands
    }

    @Test func readmeCommandsRunInTheOrderWritten() throws {
        let commands = try Self.commands()
        #expect(commands.count >= 8)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.createSymbolicLink(atPath: dir.file("Datasets"), withDestinationPath: packageRoot + "/Datasets")
        var made: Set<String> = []
        var ran = 0
        for command in commands {
            guard let input = command.dropFirst().first, input.hasPrefix("Datasets/") || made.contains(input) else { continue }
            var arguments = command
            if ["predict", "backtest", "train"].contains(arguments[0]) && !arguments.contains("--model") {
                arguments += ["--epochs", "1", "--units", "4"]
            }
            let r = try runForecast(arguments, in: dir.path)
            #expect(r.status == 0, "forecast \(command.joined(separator: " ")) failed: \(r.standardError)")
            for flag in ["--save", "--to", "--output"] {
                if let i = command.firstIndex(of: flag), i + 1 < command.count { made.insert(command[i + 1]) }
            }
            ran += 1
        }
        #expect(ran >= 8)
    }
}
