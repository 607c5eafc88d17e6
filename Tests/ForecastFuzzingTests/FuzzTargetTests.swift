import ForecastFuzzing
import Foundation
import Testing
import _ForecastTestSupport

/// Every committed fuzz input — the seed corpora and each input a fuzzer once crashed, hung or
/// exhausted memory on (`Fuzz/regressions/<target>/`) — goes through its reader without a crash: the
/// readers refuse bad bytes with an error, never a trap.
@Suite struct FuzzTargetTests {
    static func inputs(_ target: FuzzTarget) -> [String] {
        var dirs = ["Fuzz/corpus/\(target.rawValue)", "Fuzz/regressions/\(target.rawValue)"]
        if target == .hdf5 { dirs.append("Tests/ForecastIOTests/Fixtures/hdf5") }
        if target == .keras { dirs.append("Tests/ForecastModelsTests/Fixtures") }
        return dirs.flatMap { dir -> [String] in
            let full = packageRoot + "/" + dir
            return ((try? FileManager.default.contentsOfDirectory(atPath: full)) ?? []).sorted()
                .filter { !$0.hasSuffix(".json") && !$0.hasSuffix(".md") }.map { full + "/" + $0 }
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func committedInputsAreReadOrRefusedWithoutACrash(_ target: FuzzTarget) throws {
        let files = Self.inputs(target)
        #expect(!files.isEmpty || target == .model, "a seed corpus for \(target)")
        for file in files {
            let data = try #require(FileManager.default.contents(atPath: file))
            target.run(Array(data))
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func truncationsAndBitFlipsOfTheSeedsAreRefusedWithoutACrash(_ target: FuzzTarget) throws {
        // A small deterministic mutation pass, so that a plain test run exercises the error paths too.
        for file in Self.inputs(target).prefix(8) {
            let data = try #require(FileManager.default.contents(atPath: file))
            var bytes = Array(data)
            for cut in [bytes.count / 2, bytes.count - 1, 1] where cut > 0 && cut < bytes.count {
                target.run(Array(bytes[..<cut]))
            }
            var generator = SplitMix(seed: UInt64(bytes.count))
            for _ in 0..<16 where !bytes.isEmpty {
                let i = Int(generator.next() % UInt64(bytes.count))
                bytes[i] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
                target.run(bytes)
            }
        }
    }
}

/// SplitMix64, for reproducible mutations.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
