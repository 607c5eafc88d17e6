import Foundation
import Testing
import _ForecastTestSupport

/// The drivers that run `forecast backtest --shard K/N` on a cluster, on loopback: Scripts/dask-backtest
/// on a Dask LocalCluster of 2 worker processes (also with a worker killed by PID in the middle of a
/// shard), and Scripts/slurm's job-array scripts run for every task id by Scripts/slurm/emulate. Each
/// merged file is compared byte for byte with the single-process run (`--threads 1`, what the shards run).
@Suite(.serialized) struct ShardDriverTests {
    static let sensors = datasetPath("traffic_los_loop_speed_5min.csv")
    /// 24 series, baselines with intervals: quick shards.
    static let baselines = ["--targets", "773869,767541,767542,717447,717446,717445,773062,767620,737529,717816,765604,767471,"
                            + "716339,773906,765273,716331,771667,716337,769953,769402,769403,769819,769405,716941",
                            "--models", "naive,seasonal-naive,drift", "--folds", "3", "--horizon", "12", "--level", "80"]
    /// 6 series with a tiny network: shards that run long enough (seconds) to be killed in the middle.
    static let networks = ["--targets", "773869,767541,767542,717447,717446,717445", "--models", "rnn,naive", "--units", "4",
                           "--epochs", "3", "--folds", "2", "--horizon", "12"]

    func environment() throws -> [String: String] {
        ["FORECAST": forecastBinary, "FORECAST_PYTHON": try PythonEnvironment.python()]
    }

    func driver(_ arguments: [String]) throws -> CommandResult {
        try runProcess(packageRoot + "/Scripts/dask-backtest", arguments, environment: try environment())
    }

    func single(_ options: [String], in dir: TemporaryDirectory) throws -> Data {
        let r = try runForecast(["backtest", Self.sensors] + options + ["--threads", "1", "--quiet", "--output", dir.file("single.h5")])
        #expect(r.status == 0, "\(r.standardError)")
        return try Data(contentsOf: URL(fileURLWithPath: dir.file("single.h5")))
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func twoDaskWorkersGiveTheSingleRunsFileByteForByte() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try driver([Self.sensors] + Self.baselines + ["--output", dir.file("dask.h5"), "--workers", "2", "--shards", "5",
                                                              "--quiet"])
        #expect(r.status == 0, "\(r.standardError)")
        #expect(r.standardOutput.hasPrefix("Backtest of 24 series"))
        #expect(try bytes(dir.file("dask.h5")) == single(Self.baselines, in: dir))
        #expect(!FileManager.default.fileExists(atPath: dir.file("dask.h5.shards")), "shard files are removed after the merge")
    }

    @Test func aWorkerKilledInTheMiddleOfAShardIsReplacedAndTheResultIsUnchanged() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let script = packageRoot + "/Scripts/python/check_dask_fault.py"
        let r = try runProcess(try PythonEnvironment.python(),
                               [script, "0.2", "--", Self.sensors] + Self.networks
                                   + ["--output", dir.file("dask.h5"), "--workers", "2", "--shards", "2", "--shard-dir", dir.file("shards")],
                               environment: try environment())
        #expect(r.status == 0, "\(r.standardError)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
        #expect(report["status"] as? Int == 0, "\(report["lines"] ?? "")")
        let killed = try #require(report["killed"] as? [String: Any])
        #expect(killed["finished_before_kill"] as? Bool == false, "the shard was still running when its worker was killed")
        let shard = try #require(killed["shard"] as? Int)
        let starts = try #require((report["starts"] as? [String: [Int]])?["\(shard)"])
        #expect(starts.count >= 2 && starts[0] == killed["pid"] as? Int && starts.last != starts[0],
                "shard \(shard) started again on another worker process: \(starts)")
        #expect(try bytes(dir.file("dask.h5")) == single(Self.networks, in: dir))
    }

    /// `pip install Scripts/python` (pyproject.toml) gives the `forecast-dask-backtest` command, which finds
    /// `forecast` on PATH when it runs outside a checkout, and writes the single run's file.
    @Test func thePipInstalledDriverFindsForecastOnPathAndGivesTheSingleRunsFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let python = try PythonEnvironment.python()
        // Build from a copy, so the build leaves nothing in the checkout.
        let copy = try runProcess("/bin/cp", ["-R", packageRoot + "/Scripts/python", dir.file("source")])
        #expect(copy.status == 0, "\(copy.standardError)")
        let wheel = try runProcess(python, ["-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                                            dir.file("source"), "-w", dir.file("wheel")])
        #expect(wheel.status == 0, "\(wheel.standardError)")
        let built = try FileManager.default.contentsOfDirectory(atPath: dir.file("wheel")).filter { $0.hasSuffix(".whl") }
        #expect(built == ["forecast_dask-0.1.0-py3-none-any.whl"])
        let install = try runProcess(python, ["-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", dir.file("site"),
                                              dir.file("wheel/") + (built.first ?? "")])
        #expect(install.status == 0, "\(install.standardError)")
        let binaries = URL(fileURLWithPath: forecastBinary).deletingLastPathComponent().path
        let r = try runProcess(dir.file("site/bin/forecast-dask-backtest"),
                               [Self.sensors] + Self.baselines + ["--output", dir.file("pip.h5"), "--workers", "1", "--shards", "2", "--quiet"],
                               in: dir.path,
                               environment: ["PYTHONPATH": dir.file("site"), "FORECAST": "",
                                             "PATH": binaries + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")])
        #expect(r.status == 0, "\(r.standardError)")
        #expect(try bytes(dir.file("pip.h5")) == single(Self.baselines, in: dir))
    }

    /// A `forecast` that dies (SIGKILL) the first time it runs: the shard is retried; without retries the
    /// run stops with one line naming the shard.
    @Test func aShardWhoseProcessDiesIsRetried() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let flaky = try dir.write("#!/bin/bash\nif [ ! -e \"$FLAKY_MARK\" ]; then touch \"$FLAKY_MARK\"; kill -9 $$; fi\nexec \"$FLAKY_REAL\" \"$@\"\n",
                                  to: "flaky-forecast")
        #expect(chmod(flaky, 0o755) == 0)
        func run(_ retries: String, mark: String) throws -> CommandResult {
            var environment = try environment()
            environment["FLAKY_MARK"] = dir.file(mark)
            environment["FLAKY_REAL"] = forecastBinary
            return try runProcess(packageRoot + "/Scripts/dask-backtest",
                                  [Self.sensors] + Self.baselines + ["--output", dir.file("dask-\(retries).h5"), "--workers", "1",
                                                                     "--shards", "2", "--retries", retries, "--forecast", flaky, "--verbose"],
                                  environment: environment)
        }
        let retried = try run("1", mark: "first")
        #expect(retried.status == 0, "\(retried.standardError)")
        #expect(retried.standardError.contains("(attempt 2)"))
        #expect(try bytes(dir.file("dask-1.h5")) == single(Self.baselines, in: dir))
        let failed = try run("0", mark: "second")
        #expect(failed.status == 1)
        #expect(failed.standardError.contains(#/\nerror: shard [12]/2 failed after 0 retries: shard [12]/2 on tcp://127\.0\.0\.1:\d+: forecast failed \(killed by signal 9\)\n$/#),
                "\(failed.standardError)")
    }

    @Test func slurmArrayTasksRunLocallyForEveryTaskIDGiveTheSingleRunsFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let r = try runProcess(packageRoot + "/Scripts/slurm/emulate",
                               ["4", dir.file("shards"), dir.file("slurm.h5"), Self.sensors] + Self.baselines,
                               environment: ["FORECAST": forecastBinary])
        #expect(r.status == 0, "\(r.standardError)")
        for k in 1...4 { #expect(FileManager.default.fileExists(atPath: dir.file("shards/shard-\(k)-of-4.h5"))) }
        #expect(try bytes(dir.file("slurm.h5")) == single(Self.baselines, in: dir))
        // Outside an array job the task script says how to submit it.
        let alone = try runProcess("/bin/bash", [packageRoot + "/Scripts/slurm/backtest-array.sbatch", dir.file("shards"), Self.sensors],
                                   environment: ["FORECAST": forecastBinary])
        #expect(alone.status != 0 && alone.standardError.contains("sbatch --array"))
    }

    @Test func badDriverInputGetsOneLine() throws {
        let options = [Self.sensors] + Self.baselines + ["--output", "unused.h5"]
        let unreachable = try driver(options + ["--scheduler", "tcp://127.0.0.1:9"])
        #expect(unreachable.status == 69)
        #expect(unreachable.standardError.hasPrefix("error: --scheduler tcp://127.0.0.1:9: cannot reach the Dask scheduler"))
        #expect(unreachable.standardError.split(separator: "\n").count == 1)

        let noBinary = try driver(options + ["--workers", "1", "--forecast", "/nonexistent/forecast"])
        #expect(noBinary.status == 69)
        #expect(noBinary.standardError.contains(#/^error: worker tcp://127\.0\.0\.1:\d+: no forecast binary at /nonexistent/forecast; /#))
        #expect(noBinary.standardError.split(separator: "\n").count == 1, "\(noBinary.standardError)")

        for (extra, line) in [(["--shards", "0"], "error: --shards 0: expected at least 1\n"),
                              (["--shards", "x"], "error: --shards x: expected a whole number\n"),
                              (["--shard", "1/2"], "error: --shard: the driver runs every shard; give --shards N (how many) instead\n")] {
            let r = try driver(options + extra)
            #expect(r.status == 64)
            #expect(r.standardError == line)
        }
        let tooMany = try driver(options + ["--workers", "1", "--shards", "30"])
        #expect(tooMany.status == 64)
        #expect(tooMany.standardError.contains(#/^error: shard \d+/30 on tcp://127\.0\.0\.1:\d+: --shard \d+/30: the backtest has 24 series/#))
    }
}
