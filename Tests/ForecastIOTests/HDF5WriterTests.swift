import Foundation
import Testing
import _ForecastTestSupport
@testable import ForecastCore
@testable import ForecastIO

@Suite struct HDF5WriterTests {
    static let sample = TimeSeries(
        timestamps: [Timestamp(year: 2013, month: 1, day: 1, hour: 6),
                     Timestamp(year: 2013, month: 1, day: 1, hour: 7),
                     Timestamp(year: 2013, month: 1, day: 1, hour: 8),
                     Timestamp(year: 1969, month: 12, day: 31, hour: 23)],
        columns: [Column(name: "temp_f", values: [30.5, .nan, -2.25, 1e300]),
                  Column(name: "wind speed", values: [0, 1, 2, -.infinity]),
                  Column(name: "ärger", values: [.nan, .nan, .nan, .nan])])

    @Test func seriesSurvivesWriteAndRead() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("series.h5")
        try HDF5Writer.writeSeries(Self.sample, to: path, attributes: ["source": "test"])
        let back = try HDF5Reader().read(path: path)
        // Column equality treats NaN as equal to NaN; order, names and values are exact.
        #expect(back == Self.sample)
    }

    @Test func writingReplacesAnExistingFileAndLeavesNoTemporaryFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("series.h5")
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        try HDF5Writer.writeSeries(Self.sample, to: path)
        #expect(try HDF5Reader().read(path: path).count == 4)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["series.h5"])
    }

    @Test func invalidDefinitionLeavesExistingFileUntouched() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("out.h5")
        try "keep me".write(toFile: path, atomically: true, encoding: .utf8)
        let bad = HDF5Group(dimensions: [.time([Timestamp(secondsSinceEpoch: 0)])],
                            variables: [HDF5Variable(name: "x", dimensions: ["time"], values: .float64([1, 2]))])
        #expect(hdf5ErrorMessage { try HDF5Writer.write(bad, to: path) }
            == "\(path):/x: 2 values for dimensions [\"time\"] of 1 positions; expected one value per position")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.h5"])
    }

    @Test func inconsistentDefinitionsAreRefused() throws {
        let path = "/tmp/never-written.h5"
        let time = HDF5Dimension.time([Timestamp(secondsSinceEpoch: 0)])
        #expect(hdf5ErrorMessage {
            try HDF5Writer.write(HDF5Group(dimensions: [time],
                                           variables: [HDF5Variable(name: "x", dimensions: ["step"], values: .float64([1]))]),
                                 to: path)
        } == "\(path):/x: unknown dimension \"step\"; expected one declared in this group or an enclosing one: time")
        #expect(hdf5ErrorMessage {
            try HDF5Writer.writeSeries(TimeSeries(timestamps: [Timestamp(secondsSinceEpoch: 0)],
                                                  columns: [Column(name: "time", values: [1])]), to: path)
        } == "\(path):/time: name used twice in the same group (by a dimension or another variable); expected unique names")
        #expect(hdf5ErrorMessage {
            try HDF5Writer.writeSeries(TimeSeries(timestamps: [Timestamp(secondsSinceEpoch: 0)],
                                                  columns: [Column(name: "a/b", values: [1])]), to: path)
        } == "\(path):/a/b: cannot name a variable \"a/b\"; expected a non-empty name without \"/\"")
        #expect(hdf5ErrorMessage {
            try HDF5Writer.write(HDF5Group(attributes: ["NAME": "x"]), to: path)
        } == "\(path):/: cannot write attribute \"NAME\"; that name is reserved by HDF5 dimension scales or netCDF-4")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func missingDirectoryIsReported() {
        #expect(throws: AtomicFileError.cannotCreate(path: "/nonexistent-dir/x.h5",
                                                     reason: "No such file or directory")) {
            try HDF5Writer.writeSeries(Self.sample, to: "/nonexistent-dir/x.h5")
        }
    }

    @Test func attributesOfEveryKindReadBack() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("attrs.h5")
        let attributes: [String: HDF5AttributeValue] = [
            "text": "héllo", "texts": .strings(["a", "bc"]), "int": 42, "ints": .int64s([1, -2]),
            "double": 0.125, "doubles": .doubles([1.5, .infinity]), "float": .float(2.5), "floats": .floats([1, 2]),
        ]
        try HDF5Writer.write(HDF5Group(attributes: attributes), to: path)
        try HDF5Library.withLock {
            let file = try H5FileHandle.open(path)
            let root = H5GroupHandle(root: file)
            #expect(try root.attribute("text") == .string("héllo"))
            #expect(try root.attribute("texts") == .strings(["a", "bc"]))
            #expect(try root.attribute("int") == .int64(42))
            #expect(try root.attribute("ints") == .int64s([1, -2]))
            #expect(try root.attribute("double") == .double(0.125))
            #expect(try root.attribute("doubles") == .doubles([1.5, .infinity]))
            #expect(try root.attribute("float") == .double(2.5))
            #expect(try root.attribute("floats") == .doubles([1, 2]))
            #expect(try root.attribute("absent") == nil)
        }
    }

    @Test func backtestShapedFileReadsBackThroughHandles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("backtest.h5")
        let origins = [Timestamp(year: 2020, month: 1, day: 1), Timestamp(year: 2020, month: 1, day: 2)]
        let values = (0..<12).map(Double.init)  // [model 2, origin 2, step 3]
        let root = HDF5Group(
            attributes: ["title": "backtest"],
            dimensions: [.labels("model", ["lstm", "naive"]), .time(origins, name: "origin"),
                         .integers("step", [1, 2, 3]), HDF5Dimension(name: "spare", length: 4)],
            variables: [HDF5Variable(name: "prediction", dimensions: ["model", "origin", "step"],
                                     values: .float32(values.map(Float.init)), attributes: ["units": "degC"])],
            groups: [HDF5Group(name: "detail",
                               variables: [HDF5Variable(name: "target_time", dimensions: ["origin", "step"],
                                                        values: .timestamps((0..<6).map { Timestamp(secondsSinceEpoch: Int64($0)) }))])])
        try HDF5Writer.write(root, to: path)
        try HDF5Library.withLock {
            let file = try H5FileHandle.open(path)
            guard case let .dataset(prediction)? = try file.node(at: "/prediction"),
                  case let .dataset(spare)? = try file.node(at: "/spare"),
                  case let .dataset(target)? = try file.node(at: "/detail/target_time") else {
                Issue.record("datasets missing")
                return
            }
            #expect(try prediction.extents == [2, 2, 3])
            #expect(try prediction.readDoubles() == values)
            #expect(try prediction.scalePath(dimension: 0) == "/model")
            #expect(try prediction.scalePath(dimension: 1) == "/origin")
            #expect(try prediction.scalePath(dimension: 2) == "/step")
            #expect(spare.isPhantomDimension)
            #expect(spare.scaleName == "This is a netCDF dimension but not a netCDF variable.         4")
            #expect(try target.scalePath(dimension: 0) == "/origin")
            #expect(try target.attribute("units") == .string("seconds since 1970-01-01 00:00:00"))
            #expect(try target.readInt64s() == [0, 1, 2, 3, 4, 5])
        }
    }

    @Test func concurrentWritesProduceCompleteFiles() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<6 {
                group.addTask { try HDF5Writer.writeSeries(Self.sample, to: dir.file("s\(i).h5")) }
            }
            try await group.waitForAll()
        }
        for i in 0..<6 { #expect(try HDF5Reader().read(path: dir.file("s\(i).h5")) == Self.sample) }
    }
}

@Suite struct HDF5WriterEdgeCaseTests {
    @Test func emptySeriesSurvivesWriteAndRead() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("empty.h5")
        let empty = TimeSeries(timestamps: [], columns: [Column(name: "x", values: [])])
        try HDF5Writer.writeSeries(empty, to: path)
        #expect(try HDF5Reader().read(path: path) == empty)
    }
}

/// The same content written twice, a second apart, gives the same bytes: no object records its
/// modification time, and NaN is written as one bit pattern (`forecast merge` relies on both).
@Suite struct HDF5WriterDeterminismTests {
    @Test func sameContentSameBytes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let computedNaN = -Double.nan   // another NaN bit pattern than Double.nan
        func group(_ nan: Double) -> HDF5Group {
            HDF5Group(attributes: ["title": "t"], dimensions: [.labels("model", ["a", "b"])],
                      variables: [HDF5Variable(name: "x", dimensions: ["model"], values: .float64([1.5, nan])),
                                  HDF5Variable(name: "s", dimensions: ["model"], values: .strings(["{}", "{\"a\":1}"]))],
                      groups: [HDF5Group(name: "g", attributes: ["k": "v"])])
        }
        try HDF5Writer.write(group(.nan), to: dir.file("a.h5"))
        Thread.sleep(forTimeInterval: 1.1)
        try HDF5Writer.write(group(computedNaN), to: dir.file("b.h5"))
        #expect(computedNaN.bitPattern != Double.nan.bitPattern)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file("a.h5"))) == Data(contentsOf: URL(fileURLWithPath: dir.file("b.h5"))))
        #expect(try HDF5File.open(dir.file("a.h5")).dataset("s").strings() == ["{}", "{\"a\":1}"])
    }
}
