// forecast-bench-rnn: trains and predicts the peer benchmark's stacked-RNN regressors
// (/work/shared/bench/peers_rnn.py: configs A, A_rnn, B) with forecast's Trainer, one measurement
// per process, and prints one JSON line in the peers' format, for Scripts/bench.
//
// Usage:
//   forecast-bench-rnn --config A|A_rnn|B|A_gru [--threads n] [--blas auto|openblas|onednn]
//                      [--epochs 3] [--warmup-epochs 1] [--infer-reps 3] [--n-windows n] [--seed 0]
//   forecast-bench-rnn --kernels            # one LSTM/RNN step: GEMM against elementwise work, per ISA
//   forecast-bench-rnn --onednn-rnn [--blas b]  # oneDNN's fused LSTM primitives against our layers (OneDNNRNN.swift)
//
// Same as peers_rnn.py: shapes, batch sizes, number of windows, the synthetic series recipe (daily
// and weekly sines with random phases, trend, AR(1) noise, z-scored per feature, sliding windows,
// targets the next `horizon` values of feature 0), MSE + Adam(1e-3) without clipping, shuffled
// mini-batches, one warm-up epoch then the median of the timed epochs; prediction of all windows
// in batches, one warm-up pass then the median of `--infer-reps`. The random draws come from
// forecast's SeededGenerator, not numpy's, so the numbers differ but not their distribution.
// Windows are views of the series (TrainingWindows(series:...)), gathered per batch for training and
// 2048 at a time for prediction.
#if canImport(Glibc)
import Glibc
#endif
import ForecastCore
import ForecastKernels
import ForecastNN
import ForecastTraining

struct Config {
    var cell: CellKind, window: Int, features: Int, units: Int, layers: Int, horizon: Int, batch: Int, windows: Int

    static let all: [String: Config] = [
        "A": Config(cell: .lstm, window: 48, features: 1, units: 64, layers: 2, horizon: 1, batch: 64, windows: 8192),
        "A_rnn": Config(cell: .simpleRNN, window: 48, features: 1, units: 64, layers: 2, horizon: 1, batch: 64, windows: 8192),
        "B": Config(cell: .lstm, window: 96, features: 8, units: 128, layers: 2, horizon: 24, batch: 128, windows: 16384),
        // Not in ../shared/bench/peers_rnn.py; our copy in Scripts/bench.d adds it: A with GRU (reset_after).
        "A_gru": Config(cell: .gru, window: 48, features: 1, units: 64, layers: 2, horizon: 1, batch: 64, windows: 8192),
    ]

    /// Matmul FLOPs of one forward pass over one window, as `flops_per_window` in peers_rnn.py.
    var forwardFlopsPerWindow: Int {
        let gates = switch cell { case .lstm: 4; case .gru: 3; case .simpleRNN: 1 }
        var total = 0, input = features
        for _ in 0..<layers {
            total += 2 * gates * units * (input + units) * window
            input = units
        }
        return total + 2 * units * horizon
    }
}

func printError(_ line: String) {
    let text = line + "\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
}

func fail(_ message: String) -> Never {
    printError("forecast-bench-rnn: \(message)")
    exit(2)
}

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // Linux: KiB
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func round(_ x: Double, _ digits: Int) -> Double {
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    return (x * p).rounded() / p
}

/// JSON text of a flat record (numbers, strings, number arrays), keys in the given order.
func json(_ fields: [(String, Any)]) -> String {
    func value(_ v: Any) -> String {
        switch v {
        case let s as String: return "\"" + s.replacingAll("\"", with: "'") + "\""
        case let d as Double: return d.isFinite ? "\(d)" : "null"
        case let i as Int: return "\(i)"
        case let b as Bool: return b ? "true" : "false"
        case let a as [Double]: return "[" + a.map(value).joined(separator: ", ") + "]"
        default: return "\"\(v)\""
        }
    }
    return "{" + fields.map { "\"\($0.0)\": \(value($0.1))" }.joined(separator: ", ") + "}"
}

extension String {
    func replacingAll(_ a: Character, with b: String) -> String {
        var out = ""
        for c in self { if c == a { out += b } else { out.append(c) } }
        return out
    }
}

/// The synthetic series of peers_rnn.py's make_data, windowed: inputs `[n, T, F]`, targets `[n, horizon]`.
func makeData(_ c: Config, seed: UInt64) throws -> TrainingWindows {
    var g = SeededGenerator(seed: seed)
    let n = c.windows, T = c.window, F = c.features, K = c.horizon
    let L = n + T + K - 1
    var columns = [[Double]](repeating: [Double](repeating: 0, count: L), count: F)
    for f in 0..<F {
        var noise = [Double](repeating: 0, count: L)
        var eps = [Double](repeating: 0, count: L)
        for i in 0..<L { eps[i] = 0.3 * g.nextGaussian() }
        for i in 1..<L { noise[i] = 0.8 * noise[i - 1] + eps[i] }
        let p1 = g.nextUnitDouble() * 6.28, p2 = g.nextUnitDouble() * 6.28
        for i in 0..<L {
            let t = Double(i)
            columns[f][i] = (1 + 0.2 * Double(f)) * sin(2 * Double.pi * t / 24 + p1)
                + 0.5 * sin(2 * Double.pi * t / 168 + p2) + 0.002 * Double(f + 1) * t + noise[i]
        }
        let mean = columns[f].reduce(0, +) / Double(L)
        let sd = (columns[f].reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(L)).squareRoot()
        for i in 0..<L { columns[f][i] = (columns[f][i] - mean) / sd }
    }
    // Sliding windows as views of the series (window w = rows w ..< w + T), not a copied [n, T, F] array.
    var series = [Float](repeating: 0, count: L * F)
    for i in 0..<L { for f in 0..<F { series[i * F + f] = Float(columns[f][i]) } }
    var targets = [Float](repeating: 0, count: n * K)
    for w in 0..<n {
        for k in 0..<K { targets[w * K + k] = Float(columns[0][T + k + w]) }
    }
    return try TrainingWindows(series: series, features: F, starts: Array(0..<n), time: T, targets: targets, horizon: K)
}

/// Forecasts of every window, `predictSlice` windows at a time gathered from the series views.
func predictAll(_ model: Network, _ data: TrainingWindows, threads: Int) throws -> [Float] {
    let K = data.horizon, slice = 2048
    var out = [Float](repeating: 0, count: data.count * K)
    var x = [Float](repeating: 0, count: min(slice, data.count) * data.time * data.features)
    var start = 0
    while start < data.count {
        let n = min(slice, data.count - start)
        if x.count != n * data.time * data.features { x = [Float](repeating: 0, count: n * data.time * data.features) }
        x.withUnsafeMutableBufferPointer { data.copyInputs(start..<(start + n), into: $0) }
        let y = try model.predict(x, count: n, time: data.time, threads: threads)
        out.replaceSubrange((start * K)..<((start + n) * K), with: y)
        start += n
    }
    return out
}

// MARK: - Kernel micro-benchmark

/// Median microseconds of `body` over `reps` runs of `inner` calls each.
func timeMicros(reps: Int = 15, inner: Int = 50, _ body: () -> Void) -> Double {
    for _ in 0..<inner { body() }
    var samples: [Double] = []
    for _ in 0..<reps {
        let t0 = now()
        for _ in 0..<inner { body() }
        samples.append((now() - t0) / Double(inner) * 1e6)
    }
    return median(samples)
}

/// One step of config A (B = 64, H = 64) and B (B = 128, H = 128): the three GEMMs of the step on each
/// backend against the LSTM gate kernels (forward + backward) and the SimpleRNN tanh, per ISA.
func kernelReport() {
    BLASThreads.set(1)
    for (B, H) in [(64, 64), (128, 128)] {
        let G = 4 * H
        var g = SeededGenerator(seed: 1)
        func rand(_ n: Int) -> [Float] { (0..<n).map { _ in Float(g.nextUnitDouble() * 2 - 1) } }
        let h = rand(B * H), u = rand(H * G), x = rand(B * G)
        var gates = x, dGates = x, c = [Float](repeating: 0, count: B * H), tc = c, hOut = c, dc = c, dh = c, du = u
        let cPrev = rand(B * H)
        var fields: [(String, Any)] = [("bench", "kernels"), ("batch", B), ("units", H), ("cpu_isa", KernelISA.supported.name)]
        for backend in GemmBackend.allCases {
            let us = h.withUnsafeBufferPointer { h in u.withUnsafeBufferPointer { u in
                gates.withUnsafeMutableBufferPointer { gt in dh.withUnsafeMutableBufferPointer { dhp in du.withUnsafeMutableBufferPointer { dup in
                    timeMicros {
                        gemm(.none, .none, m: B, n: G, k: H, a: h, lda: H, b: u, ldb: G, beta: 1, c: gt, ldc: G, backend: backend)
                        gemm(.none, .transposed, m: B, n: H, k: G, a: UnsafeBufferPointer(gt), lda: G, b: u, ldb: G, c: dhp, ldc: H, backend: backend)
                        gemm(.transposed, .none, m: H, n: G, k: B, a: h, lda: H, b: UnsafeBufferPointer(gt), ldb: G, beta: 1, c: dup, ldc: G,
                             backend: backend)
                    }
                } } }
            } }
            fields.append(("lstm_step_gemms_us_\(backend.name)", round(us, 2)))
        }
        for isa in KernelISA.allCases where isa <= KernelISA.supported {
            KernelISA.on(isa) {
                let fwd = timeMicros {
                    gates.withUnsafeMutableBufferPointer { gt in
                        x.withUnsafeBufferPointer { gt.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
                        c.withUnsafeMutableBufferPointer { cp in tc.withUnsafeMutableBufferPointer { tcp in hOut.withUnsafeMutableBufferPointer { hp in
                            cPrev.withUnsafeBufferPointer { cpv in
                            lstmStepForward(gates: gt, gatesStride: G, previousCell: cpv, previousCellStride: H,
                                            cell: cp, cellStride: H, tanhCell: tcp, tanhCellStride: H, hidden: hp, hiddenStride: H,
                                            batch: B, hiddenSize: H)
                            }
                        } } }
                    }
                }
                let bwd = timeMicros {
                    gates.withUnsafeBufferPointer { gt in c.withUnsafeBufferPointer { cp in tc.withUnsafeBufferPointer { tcp in
                        h.withUnsafeBufferPointer { dhp in dc.withUnsafeMutableBufferPointer { dcp in dGates.withUnsafeMutableBufferPointer { dg in
                            lstmStepBackward(gates: gt, gatesStride: G, previousCell: cp, previousCellStride: H, tanhCell: tcp, tanhCellStride: H,
                                             dHidden: dhp, dHiddenStride: H, dCell: dcp, dCellStride: H, dGates: dg, dGatesStride: G,
                                             batch: B, hiddenSize: H)
                        } } }
                    } } }
                }
                let rnn = timeMicros {
                    x.withUnsafeBufferPointer { a in hOut.withUnsafeMutableBufferPointer { hp in
                        simpleRNNStepForward(preactivations: a, preactivationsStride: G, hidden: hp, hiddenStride: H, batch: B, hiddenSize: H)
                    } }
                }
                fields.append(("lstm_gates_forward_us_\(isa.name)", round(fwd, 2)))
                fields.append(("lstm_gates_backward_us_\(isa.name)", round(bwd, 2)))
                fields.append(("rnn_tanh_forward_us_\(isa.name)", round(rnn, 2)))
            }
        }
        print(json(fields))
    }
}

// MARK: - Main

var options: [String: String] = [:]
var kernelsOnly = false, oneDNNRNN = false
do {
    var args = CommandLine.arguments.dropFirst()
    while let a = args.popFirst() {
        if a == "--kernels" { kernelsOnly = true; continue }
        if a == "--onednn-rnn" { oneDNNRNN = true; continue }
        guard a.hasPrefix("--"), let v = args.popFirst() else { fail("bad argument \(a); see the usage at the top of main.swift") }
        options[String(a.dropFirst(2))] = v
    }
}
if kernelsOnly {
    kernelReport()
    exit(0)
}
if oneDNNRNN {
    if let blas = options["blas"], let b = GemmBackend(name: blas) { GemmBackend.active = b } else { GemmBackend.active = GemmBackend.preferred }
    oneDNNRNNReport()
    exit(0)
}
guard let configName = options["config"], var config = Config.all[configName] else { fail("--config A|A_rnn|B is required") }
@MainActor func intOption(_ name: String, _ fallback: Int) -> Int {
    guard let s = options[name] else { return fallback }
    guard let v = Int(s), v >= 0 else { fail("--\(name) \(s): expected a whole number") }
    return v
}
let threads = max(1, intOption("threads", 1))
let epochs = max(1, intOption("epochs", 3)), warmup = intOption("warmup-epochs", 1), inferReps = max(1, intOption("infer-reps", 3))
let seed = UInt64(intOption("seed", 0))
if let n = options["n-windows"] { config.windows = max(config.batch, Int(n) ?? config.windows) }
let blas = options["blas"] ?? "auto"
let backend: GemmBackend
switch blas {
case "auto": backend = GemmBackend.preferred
default:
    guard let b = GemmBackend(name: blas) else { fail("--blas \(blas): expected auto, openblas or onednn") }
    backend = b
}
GemmBackend.active = backend

let data: TrainingWindows
do { data = try makeData(config, seed: seed) } catch { fail("\(error)") }
let rssAfterData = peakRSSMiB()

var training = TrainingConfiguration()
training.epochs = warmup + epochs
training.batchSize = config.batch
training.learningRate = 1e-3
training.clipNorm = nil
training.patienceEpochs = 1_000_000
training.restoreBestWeights = false
training.loss = .mse
training.seed = seed
training.threads = threads
let architecture = ModelArchitecture(cell: config.cell, hiddenSizes: [Int](repeating: config.units, count: config.layers),
                                     features: config.features, horizon: config.horizon)

var ends: [Double] = []
let trainStart = now()
let result: Trainer.Result
do {
    result = try Trainer(configuration: training).train(architecture: architecture, training: data, validation: nil) { _ in
        ends.append(now() - trainStart)
    }
} catch { fail("\(error)") }
var epochSeconds: [Double] = []
for (i, e) in ends.enumerated() { epochSeconds.append(e - (i == 0 ? 0 : ends[i - 1])) }
let timed = Array(epochSeconds.dropFirst(warmup))
let rssAfterTrain = peakRSSMiB()

var inferSeconds: [Double] = []
var checksum = 0.0
for rep in 0...inferReps {
    let t0 = now()
    let out: [Float]
    do { out = try predictAll(result.network, data, threads: threads) } catch { fail("\(error)") }
    let t = now() - t0
    if rep > 0 { inferSeconds.append(t) }  // the first pass warms up
    checksum = out.reduce(0.0) { $0 + Double($1) }
}

let peakRSS = peakRSSMiB()  // before the sgemm measurement below allocates its matrices

/// This machine's single-thread sgemm throughput on `backend`, GFLOP/s: the best of 12 products of
/// 1024 x 1024 matrices (large enough for the library's peak, as in /work/shared/bench/sgemm_peak.c).
func measuredSgemmPeak(_ backend: GemmBackend) -> Double {
    BLASThreads.set(1)
    let n = 1024
    var g = SeededGenerator(seed: 9)
    let a = (0..<(n * n)).map { _ in Float(g.nextUnitDouble() - 0.5) }, b = a
    var c = [Float](repeating: 0, count: n * n)
    var best = Double.infinity
    a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in c.withUnsafeMutableBufferPointer { c in
        for _ in 0..<12 {
            let t0 = now()
            gemm(.none, .none, m: n, n: n, k: n, a: a, lda: n, b: b, ldb: n, c: c, ldc: n, backend: backend)
            best = min(best, now() - t0)
        }
    } } }
    return 2 * Double(n * n * n) / best / 1e9
}

let fwd = config.forwardFlopsPerWindow
let n = Double(config.windows)
let train = n / median(timed), infer = n / median(inferSeconds)
// The sgemm bound: what the GEMMs alone would allow at the sgemm peak times the thread count, against
// oneDNN's single-core peak on the development machine (255 GFLOP/s, /work/shared/notes/toolchain.md)
// and against this machine's, measured here with the same library.
let peakGFlops = 255.0 * Double(threads)
let measuredPeak = measuredSgemmPeak(backend)
let measuredBound = measuredPeak * Double(threads)
print(json([
    ("bench", "peers_rnn"), ("framework", "forecast"), ("config", configName), ("cell", config.cell == .lstm ? "lstm" : config.cell == .gru ? "gru" : "simple_rnn"),
    ("window", config.window), ("features", config.features), ("units", config.units), ("layers", config.layers),
    ("horizon", config.horizon), ("batch", config.batch), ("n_windows", config.windows), ("threads", threads),
    ("gemm", backend.name), ("blas_requested", blas), ("kernels_isa", KernelISA.current.name), ("openblas_core", BLASThreads.coreName),
    ("warmup_epochs", warmup), ("timed_epochs", epochs),
    ("fwd_flops_per_window", fwd), ("train_flops_per_window", 3 * fwd),
    ("loss_per_epoch", result.history.trainingLosses.map { round($0, 6) }),
    ("warmup_epoch_s", epochSeconds.prefix(warmup).map { round($0, 3) }),
    ("train_epoch_s", timed.map { round($0, 3) }),
    ("train_windows_per_s", round(train, 1)),
    ("train_gflops", round(train * 3 * Double(fwd) / 1e9, 2)),
    ("train_fraction_of_sgemm_peak", round(train * 3 * Double(fwd) / 1e9 / peakGFlops, 3)),
    ("infer_s", inferSeconds.map { round($0, 4) }),
    ("infer_windows_per_s", round(infer, 1)),
    ("infer_gflops", round(infer * Double(fwd) / 1e9, 2)),
    ("infer_fraction_of_sgemm_peak", round(infer * Double(fwd) / 1e9 / peakGFlops, 3)),
    ("sgemm_gflops_measured_1thread", round(measuredPeak, 1)),
    ("train_fraction_of_measured_sgemm", round(train * 3 * Double(fwd) / 1e9 / measuredBound, 3)),
    ("infer_fraction_of_measured_sgemm", round(infer * Double(fwd) / 1e9 / measuredBound, 3)),
    ("rss_after_data_mib", round(rssAfterData, 1)), ("peak_rss_after_train_mib", round(rssAfterTrain, 1)),
    ("peak_rss_mib", round(peakRSS, 1)), ("prediction_checksum", round(checksum, 3)),
]))
