import Foundation

/// What a fuzz executable does when built without libFuzzer (`swift build`): runs each file named on
/// the command line (or every file in each directory named) through its target, so that a crash a
/// fuzzer found can be replayed under the debugger.
public enum FuzzReplay {
    public static func main(_ target: FuzzTarget, arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
        guard !arguments.isEmpty else {
            FileHandle.standardError.write(Data("usage: forecast-fuzz-\(target.rawValue) FILE|DIR…; Scripts/fuzz runs it under libFuzzer\n".utf8))
            exit(64)
        }
        var count = 0
        for argument in arguments {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory)
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).sorted().map { argument + "/" + $0 }
                : [argument]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                target.run(Array(data))
                count += 1
            }
        }
        print("\(target.rawValue): \(count) inputs replayed, no crash")
    }
}
