import ForecastIO
import Foundation
import Testing
import _ForecastTestSupport

@Suite struct HDF5FileTests {
    @Test func writtenGroupsDatasetsAndAttributesReadBack() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("plain.h5")
        try HDF5FileWriter.write(to: path) { file in
            try file.writeDataset("layers/lstm/cell/vars/0", floats: [1, 2, 3, 4, 5, 6], shape: [2, 3])
            try file.writeDataset("layers/lstm/cell/vars/1", floats: [0.5], shape: [])
            try file.setAttribute("name", .string("lstm_cell"), on: "layers/lstm/cell/vars")
            try file.setAttribute("columns", .strings(["a", "b"]))
            try file.createGroup("vars")
        }
        let file = try HDF5File.open(path)
        #expect(try file.children() == ["layers", "vars"])
        #expect(try file.children(of: "/layers/lstm/cell/vars") == ["0", "1"])
        #expect(try file.dataset("layers/lstm/cell/vars/0").shape == [2, 3])
        #expect(try file.dataset("/layers/lstm/cell/vars/0").floats() == [1, 2, 3, 4, 5, 6])
        #expect(try file.dataset("layers/lstm/cell/vars/1").shape == [])
        #expect(try file.attribute("name", of: "layers/lstm/cell/vars") == .string("lstm_cell"))
        #expect(try file.attribute("columns") == .strings(["a", "b"]))
        #expect(try file.attribute("absent") == nil)
        #expect(file.isGroup("vars") && !file.isGroup("layers/lstm/cell/vars/0") && !file.exists("nothing"))
    }

    @Test func missingDatasetNamesWhatTheFileHolds() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("plain.h5")
        try HDF5FileWriter.write(to: path) { try $0.writeDataset("g/x", floats: [1, 2], shape: [2]) }
        let error = #expect(throws: HDF5Error.self) { try HDF5File.open(path).dataset("g/y") }
        #expect(error?.description == "\(path):/g/y: dataset not found; datasets in the file: /g/x (groups: /g)")
    }

    @Test func countThatDoesNotMatchTheShapeIsRefusedAndNothingIsWritten() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("bad.h5")
        #expect(throws: HDF5Error.self) {
            try HDF5FileWriter.write(to: path) { try $0.writeDataset("x", floats: [1, 2, 3], shape: [2, 2]) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}

@Suite struct HDF5GlobalHeapTests {
    /// The three inputs that hung libhdf5 1.10.8 in `H5HG__cache_heap_deserialize` (a free-space
    /// object of size 0 in the global heap collection at byte 2048), and the one that made `H5HG_read`
    /// copy 50 MB out of a 4 KiB collection (an object recording 50331656 bytes, reserved bytes not
    /// zero), are refused when opened.
    @Test(arguments: [("hdf5/hdf5-timeout-4c91139bba58277d7d0100b780a8f10397cc20d2", "records a size of 0"),
                      ("keras/keras-timeout-24ea5546864f89e57a74885df70a69fcb8657910", "records a size of 0"),
                      ("model/model-timeout-08babd927a3a2dba71f6b8ca35c7bf101091c003", "records a size of 0"),
                      ("hdf5/crash-252334668451cd37fa4236c1a49234dbb4303a77",
                       "object 5 at byte 2160 records 50331656 bytes, more than the 3984 left in the collection"),
                      ("hdf5/crash-8389fa0d5914bad4ee3fa1fbc91c620e9e9ff397",
                       "object 5 at byte 6280 records 18446744073709551601 bytes, more than the 3960 left in the collection")])
    func damagedGlobalHeapsAreRefusedBeforeTheLibraryLoops(_ input: String, _ expected: String) throws {
        let path = packageRoot + "/Fuzz/regressions/" + input
        let error = #expect(throws: HDF5Error.self) { _ = try HDF5File.open(path) }
        guard case let .damagedGlobalHeap(file, offset, problem)? = error else {
            Issue.record("expected damagedGlobalHeap, got \(String(describing: error))")
            return
        }
        #expect(file == path)
        #expect(offset == (input.contains("8389fa0d") ? 6144 : 2048))
        #expect(problem.contains(expected))
        #expect(error?.description.hasPrefix("\(path): damaged file: the global heap collection at byte \(offset)") == true)
    }

    /// Intact files with variable-length strings in global heaps (h5py, Keras, our own) still open.
    @Test func intactGlobalHeapsPass() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("strings.h5")
        try HDF5FileWriter.write(to: path) { file in
            try file.setAttribute("columns", .strings((0..<300).map { "column \($0)" }))
            try file.setAttribute("name", .string("x"))
        }
        let file = try HDF5File.open(path)
        #expect(try file.attribute("name") == .string("x"))
    }
}

@Suite struct HDF5ExtentTests {
    /// A Keras file whose bias dataset's dataspace was damaged to claim 6.6e12 elements (fuzz:
    /// `[Float](repeating:count:)` could not allocate and trapped) is refused before allocating.
    @Test func aDataspaceFarLargerThanItsStorageIsRefused() throws {
        let path = packageRoot + "/Fuzz/regressions/keras/crash-8d76c6cef1da3e4a350835ea32706201f8fe17bf"
        let file = try HDF5File.open(path)
        let error = #expect(throws: HDF5Error.self) {
            _ = try file.dataset("/model_weights/dense_4/sequential_4/dense_4/bias").floats()
        }
        #expect(error == .implausibleExtent(file: path, object: "/model_weights/dense_4/sequential_4/dense_4/bias",
                                            elements: 6_619_808_202_755, elementSize: 4, storedBytes: 12))
        #expect(error?.description == "\(path):/model_weights/dense_4/sequential_4/dense_4/bias: damaged file: it "
            + "claims 6619808202755 elements of 4 bytes but the file stores 12 bytes for it; expected a dataspace and "
            + "datatype that match the stored data")
    }

    /// A failed library call says what to check: space and permissions when writing, the file itself when reading.
    @Test func aFailedLibraryCallPointsAtTheDiskWhenWritingAndAtTheFileWhenReading() {
        let read = HDF5Error.libraryCallFailed(file: "m.h5", object: "/layers/0", call: "H5Aread").description
        #expect(read == "m.h5:/layers/0: H5Aread failed; the HDF5 library refused the operation "
                + "(the file may be damaged or truncated; write it again from its source)")
        for call in ["H5Fcreate", "H5Dwrite", "H5Fclose"] {
            #expect(HDF5Error.libraryCallFailed(file: "m.h5", object: "/", call: call).description.hasSuffix("(check free disk space and permissions)"))
        }
    }
}
