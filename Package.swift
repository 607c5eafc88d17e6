// swift-tools-version:6.1
//
// forecast: recurrent-network forecasting of time series, from CSV/HDF5 to evaluated forecasts.
// Each library target is one stage of the flow; dependencies point down the flow only:
//
//   ForecastCLI ──► ForecastReports ──► ForecastModels, ForecastEvaluation, ForecastIO
//                ├─► ForecastModels ──► ForecastTraining, ForecastEvaluation, ForecastIO (+ ZIPFoundation)
//                ├─► ForecastEvaluation ──► ForecastPreprocessing ──► ForecastCore
//                ├─► ForecastTraining ──┬─► ForecastNN ──► ForecastKernels ──► CBLAS
//                │                      └─► ForecastPreprocessing
//                └─► ForecastIO ──► CHDF5, CGzip, ForecastCore
import PackageDescription

let package = Package(
    name: "forecast",
    products: [
        .executable(name: "forecast", targets: ["ForecastCLI"]),
        .library(name: "ForecastKit", targets: [
            "ForecastCore", "ForecastIO", "ForecastPreprocessing", "ForecastKernels",
            "ForecastNN", "ForecastTraining", "ForecastEvaluation", "ForecastModels", "ForecastReports",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.19"),
    ],
    targets: [
        // MARK: C libraries
        // OpenBLAS's CBLAS interface (cblas_sgemm, openblas_set_num_threads).
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // HDF5 1.10+ C library and its high-level dimension-scale API, with accessors for its macros.
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        // oneDNN's dnnl_sgemm (AVX-512 kernels picked by CPUID), the second GEMM backend; OpenMP threads.
        .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
        // zlib's gzip reader (gzdopen, gzread): `.gz` inputs are decompressed as they are parsed.
        .systemLibrary(name: "CGzip", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Elementwise kernels (gates, Adam, clipping) compiled for AVX-512, AVX2 and baseline x86-64,
        // one picked at run time. -O3 in debug too, so debug test runs stay fast.
        .target(name: "CForecastKernels", cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]),

        // MARK: Library, bottom of the flow to the top
        // Value types shared by every stage: TimeSeries, Timestamp, Frequency, Forecaster, SeededGenerator.
        .target(name: "ForecastCore"),
        // Loaders and writers: CSV (plain, gzip, standard input), HDF5, atomic file output.
        .target(name: "ForecastIO", dependencies: ["ForecastCore", "CHDF5", "CGzip"]),
        // Windowing, chronological splits and scalers fitted on training rows only.
        .target(name: "ForecastPreprocessing", dependencies: ["ForecastCore"]),
        // Numeric kernels over raw buffers: GEMM, activations, elementwise updates.
        .target(name: "ForecastKernels", dependencies: ["CBLAS", "CDNNL", "CForecastKernels"]),
        // The network: layers with Keras semantics (Dense, SimpleRNN, LSTM, GRU) over one parameter buffer, initializers.
        .target(name: "ForecastNN", dependencies: ["ForecastCore", "ForecastKernels"]),
        // Losses, Adam, clipping, early stopping, the trainer and the RNN forecaster.
        .target(name: "ForecastTraining", dependencies: ["ForecastNN", "ForecastKernels", "ForecastPreprocessing"]),
        // Metrics, naive baselines and rolling-origin backtesting.
        .target(name: "ForecastEvaluation", dependencies: ["ForecastPreprocessing", "ForecastCore"]),
        // Trained models on disk: our HDF5 model file, Keras .keras/.h5 import and .keras export.
        .target(
            name: "ForecastModels",
            dependencies: [
                "ForecastTraining", "ForecastEvaluation", "ForecastIO", "ForecastPreprocessing", "ForecastNN", "ForecastCore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The outputs of every command as values and files: forecast and backtest documents under the
        // JSON contract, CSV tables with a stamp sidecar, HDF5 layouts, SVG charts.
        .target(
            name: "ForecastReports",
            dependencies: ["ForecastCore", "ForecastIO", "ForecastEvaluation", "ForecastTraining", "ForecastModels"]
        ),

        // MARK: Executable
        // The `forecast` command line: parses options, calls the library, formats output.
        .executableTarget(
            name: "ForecastCLI",
            dependencies: [
                "ForecastCore", "ForecastIO", "ForecastPreprocessing", "ForecastKernels", "ForecastNN", "ForecastTraining",
                "ForecastEvaluation", "ForecastModels", "ForecastReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Benchmarks
        // Times one CSVReader load of a file; driven by Scripts/bench-csv against pandas.
        .executableTarget(name: "forecast-bench-csv", dependencies: ["ForecastIO", "ForecastCore"],
                          path: "Sources/ForecastBenchmarks/CSV"),
        // Trains and predicts the peer benchmark's RNN configs (A, A_rnn, B); driven by Scripts/bench.
        .executableTarget(name: "forecast-bench-rnn",
                          dependencies: ["ForecastCore", "ForecastKernels", "ForecastNN", "ForecastTraining", "CDNNL"],
                          path: "Sources/ForecastBenchmarks/RNN"),

        // MARK: Fuzzing
        // The readers libFuzzer drives (FuzzTarget: CSV, timestamps, HDF5, Keras import, model files).
        .target(name: "ForecastFuzzing", dependencies: ["ForecastIO", "ForecastModels", "ForecastCore"],
                path: "Sources/ForecastFuzzing/Library"),
        // One libFuzzer executable per reader; Scripts/fuzz builds them with -sanitize=fuzzer, a plain
        // build makes replay drivers (forecast-fuzz-csv FILE…).
        .executableTarget(name: "forecast-fuzz-csv", dependencies: ["ForecastFuzzing"], path: "Sources/ForecastFuzzing/csv"),
        .executableTarget(name: "forecast-fuzz-timestamp", dependencies: ["ForecastFuzzing"], path: "Sources/ForecastFuzzing/timestamp"),
        .executableTarget(name: "forecast-fuzz-hdf5", dependencies: ["ForecastFuzzing"], path: "Sources/ForecastFuzzing/hdf5"),
        .executableTarget(name: "forecast-fuzz-keras", dependencies: ["ForecastFuzzing"], path: "Sources/ForecastFuzzing/keras"),
        .executableTarget(name: "forecast-fuzz-model", dependencies: ["ForecastFuzzing"], path: "Sources/ForecastFuzzing/model"),

        // MARK: Tests
        // Helpers shared by the test targets: tolerances, finite differences, fixtures, temp dirs.
        .target(name: "_ForecastTestSupport", dependencies: ["ForecastCore", "ForecastTraining"]),
        .testTarget(name: "ForecastCoreTests", dependencies: ["ForecastCore", "_ForecastTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ForecastIOTests",
            dependencies: [
                "ForecastIO", "_ForecastTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ForecastPreprocessingTests",
            dependencies: [
                "ForecastPreprocessing", "_ForecastTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ForecastEvaluationTests",
            dependencies: ["ForecastEvaluation", "ForecastIO", "ForecastTraining", "ForecastNN", "ForecastModels", "_ForecastTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "ForecastKernelsTests", dependencies: ["ForecastKernels", "_ForecastTestSupport"]),
        .testTarget(
            name: "ForecastNNTests",
            dependencies: ["ForecastNN", "_ForecastTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "ForecastTrainingTests", dependencies: ["ForecastTraining", "ForecastIO", "_ForecastTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ForecastModelsTests",
            dependencies: ["ForecastModels", "_ForecastTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "ForecastReportsTests", dependencies: ["ForecastReports", "_ForecastTestSupport"]),
        .testTarget(name: "ForecastCLITests", dependencies: ["ForecastCLI", "_ForecastTestSupport"]),
        .testTarget(name: "ForecastFuzzingTests", dependencies: ["ForecastFuzzing", "_ForecastTestSupport"]),
    ]
)
