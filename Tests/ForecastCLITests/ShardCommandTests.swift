import Foundation
import Testing
import _ForecastTestSupport

/// `forecast backtest … --shard K/N` and `forecast merge`: shards merged in any order give the single
/// run's files byte for byte (HDF5, JSON, CSV); shards that do not belong together, a missing shard and
/// a half-written shard file are refused in one line naming the file or shard.
@Suite struct ShardCommandTests {
    static let sensors = datasetPath("traffic_los_loop_speed_5min.csv")
    static let options = ["--targets", "773869,767541,767542,717447,717446,717445,773062,767620,737529,717816",
                          "--models", "naive,seasonal-naive,drift", "--folds", "3", "--horizon", "12", "--level", "80", "--quiet"]

    func shards(_ count: Int, of file: String = sensors, extra: [String] = [], in dir: TemporaryDirectory) throws -> [String] {
        try (1...count).map { k in
            let path = dir.file("part-\(k)-\(count)\(extra.isEmpty ? "" : "x").h5")
            let r = try runForecast(["backtest", file] + Self.options + extra + ["--shard", "\(k)/\(count)", "--output", path])
            #expect(r.status == 0, "\(r.standardError)")
            return path
        }
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func mergedShardsAreTheSingleRunsFilesByteForByte() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for name in ["single.h5", "single.json", "single.csv"] {
            let r = try runForecast(["backtest", Self.sensors] + Self.options + ["--output", dir.file(name)])
            #expect(r.status == 0, "\(r.standardError)")
        }
        let parts = try shards(3, in: dir)
        let merge = try runForecast(["merge", parts[2], parts[0], parts[1], "--output", dir.file("merged.h5")])
        #expect(merge.status == 0, "\(merge.standardError)")
        #expect(try bytes(dir.file("merged.h5")) == bytes(dir.file("single.h5")))
        for name in ["merged.json", "merged.csv"] {
            let r = try runForecast(["merge"] + parts + ["--output", dir.file(name)])
            #expect(r.status == 0, "\(r.standardError)")
        }
        #expect(try bytes(dir.file("merged.json")) == bytes(dir.file("single.json")))
        for suffix in [".csv", ".series.csv", ".aggregate.csv", ".csv.stamp.json"] {
            #expect(try bytes(dir.file("merged" + suffix)) == bytes(dir.file("single" + suffix)), "\(suffix)")
        }
        // A shard opens in xarray like any backtest file, with its own series.
        let xarray = try #require(try PythonEnvironment.describeHDF5(parts[1])["xarray"] as? [String: Any])
        let coords = try #require(xarray["coords"] as? [String: Any])
        #expect((coords["series"] as? [String: Any])?["values"] as? [String] == ["767541", "717446", "767620"])
        #expect(((xarray["attrs"] as? [String: Any])?["shard"] as? [String: Any])?["value"] as? String == "2/3")
    }

    @Test func shardsOfAnotherInputOrConfigurationAreRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let parts = try shards(2, in: dir)
        // The same file with one reading changed: another SHA-256.
        var text = try String(contentsOfFile: Self.sensors, encoding: .utf8)
        let last = try #require(text.dropLast().lastIndex(of: ","))
        text.replaceSubrange(text.index(after: last)..<text.index(before: text.endIndex), with: "12.5")
        let changed = try dir.write(text, to: "changed.csv")
        let foreign = try runForecast(["backtest", changed] + Self.options + ["--shard", "2/2", "--output", dir.file("foreign.h5")])
        #expect(foreign.status == 0, "\(foreign.standardError)")
        let r = try runForecast(["merge", parts[0], dir.file("foreign.h5"), "--output", dir.file("m.h5")])
        #expect(r.status == 65)
        #expect(r.standardError.hasPrefix("error: \(dir.file("foreign.h5")): not a shard of the same backtest as \(parts[0]): its input SHA-256"))
        #expect(r.standardError.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.file("m.h5")))

        let other = try shards(2, extra: ["--step", "6"], in: dir)
        let c = try runForecast(["merge", parts[0], other[1]])
        #expect(c.status == 65)
        #expect(c.standardError == "error: \(other[1]): not a shard of the same backtest as \(parts[0]): its configuration differs: "
                + "backtest.step is 6, not null; merge only the shards of one run\n")
    }

    @Test func aMissingShardIsNamedAndAHalfWrittenShardIsNeverMerged() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let parts = try shards(3, in: dir)
        let missing = try runForecast(["merge", parts[0], parts[2], "--output", dir.file("m.h5")])
        #expect(missing.status == 65)
        #expect(missing.standardError == "error: shard 2/3 missing (series 767541, 717446, 767620); run forecast backtest … "
                + "--shard 2/3 and give its file too\n")
        let whole = try bytes(parts[1])
        for (name, cut) in [("half.h5", whole.count / 2), ("short.h5", whole.count - 100)] {
            try whole.prefix(cut).write(to: URL(fileURLWithPath: dir.file(name)))
            let r = try runForecast(["merge", parts[0], dir.file(name), parts[2], "--output", dir.file("m.h5")])
            #expect(r.status == 65)
            #expect(r.standardError.hasPrefix("error: \(dir.file(name)): "), "\(r.standardError)")
            #expect(r.standardError.split(separator: "\n").count == 1)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("m.h5")))
        let notShard = try runForecast(["backtest", Self.sensors] + Self.options + ["--output", dir.file("plain.h5")])
        #expect(notShard.status == 0)
        let r = try runForecast(["merge", parts[0], dir.file("plain.h5")])
        #expect(r.standardError.hasPrefix("error: \(dir.file("plain.h5")): not a shard file"))
    }

    /// A global network's backtest is sharded by folds; the merged file is the single run's, byte for byte.
    @Test func aGlobalBacktestShardedByFoldsMergesIntoTheSingleRunsFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let options = ["--targets", "773869,767541,767542,717447", "--models", "gru,naive", "--global", "--folds", "3", "--horizon", "6",
                       "--lookback", "12", "--units", "4", "--epochs", "2", "--threads", "1", "--quiet"]
        let single = try runForecast(["backtest", Self.sensors] + options + ["--output", dir.file("single.h5")])
        #expect(single.status == 0, "\(single.standardError)")
        for k in 1...2 {
            let r = try runForecast(["backtest", Self.sensors] + options + ["--shard", "\(k)/2", "--output", dir.file("s\(k).h5")])
            #expect(r.status == 0, "\(r.standardError)")
            #expect(r.standardOutput.hasPrefix("shard \(k)/2 by folds: fold\(k == 1 ? "s 1, 3" : " 2") of every series"), "\(r.standardOutput)")
        }
        let merged = try runForecast(["merge", dir.file("s1.h5"), dir.file("s2.h5"), "--output", dir.file("merged.h5"), "--quiet"])
        #expect(merged.status == 0, "\(merged.standardError)")
        #expect(merged.standardOutput == single.standardOutput)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file("merged.h5"))) == Data(contentsOf: URL(fileURLWithPath: dir.file("single.h5"))))
        let missing = try runForecast(["merge", dir.file("s1.h5"), "--output", dir.file("x.h5")])
        #expect(missing.status == 65)
        #expect(missing.standardError == "error: shard 2/2 missing (fold 2 of every series); run forecast backtest … --shard 2/2 and give its file too\n")
        let many = try runForecast(["backtest", Self.sensors] + options + ["--shard", "1/4", "--output", dir.file("x.h5")])
        #expect(many.status == 64)
        #expect(many.standardError.hasSuffix("the backtest has 3 such units; use at most 3 shards\n"), "\(many.standardError)")
    }

    @Test(arguments: [("0/4", "expected K from 1 to 4 (shards are counted from 1)"),
                      ("5/4", "expected K from 1 to 4 (shards are counted from 1)"),
                      ("a/4", "expected K/N, two whole numbers (shard K of N, K from 1), e.g. --shard 2/8"),
                      ("2/4.5", "expected K/N, two whole numbers (shard K of N, K from 1), e.g. --shard 2/8")])
    func badShardsGetOneLine(shard: String, reason: String) throws {
        let r = try runForecast(["backtest", Self.sensors] + Self.options + ["--shard", shard, "--output", "x.h5"])
        #expect(r.status == 64)
        #expect(r.standardError == "error: The value '\(shard)' is invalid for '--shard <K/N>': \(reason); see --help\n")
    }

    @Test func shardNeedsSeveralSeriesAnHDF5OutputAndNoMoreShardsThanSeries() throws {
        let one = try runForecast(["backtest", Self.sensors, "--target", "773869", "--models", "naive", "--shard", "1/2", "--output", "x.h5"])
        #expect(one.status == 64 && one.standardError.contains("--shard 1/2: applies to several series"))
        let csv = try runForecast(["backtest", Self.sensors] + Self.options + ["--shard", "1/2", "--output", "x.csv"])
        #expect(csv.status == 64 && csv.standardError.contains("give --output PATH.h5"))
        let intervals = try runForecast(["backtest", Self.sensors] + Self.options + ["--global", "--models", "gru,naive", "--shard", "1/2",
                                                                                     "--level", "80", "--output", "x.h5"])
        #expect(intervals.status == 64)
        #expect(intervals.standardError == "error: --shard 1/2: global-gru is one network trained on every series at once, so its shards "
                + "split the folds, and a fold's intervals are calibrated on the forecasts of earlier folds; shard it without --level, "
                + "or backtest it on one machine\n")
        let many = try runForecast(["backtest", Self.sensors] + Self.options + ["--shard", "1/11", "--output", "x.h5"])
        #expect(many.status == 64)
        #expect(many.standardError == "error: --shard 1/11: the backtest has 10 series, one unit of work each; use at most 10 shards\n")
    }
}
