import ForecastIO
import ForecastNN
import Foundation

extension ModelFile {
    /// Writes the `ensemble` attribute and members 1…N − 1 as groups `ensemble/<k>/layers/<i>`.
    static func writeEnsemble(_ ensemble: SavedEnsemble, to file: HDF5FileWriter, willWrite: (String) throws -> Void) throws {
        try willWrite("/ attribute ensemble")
        try file.setAttribute("ensemble", .string(try json(SavedEnsemble.Header(size: ensemble.size, reduce: ensemble.reduce,
                                                                                 seeds: ensemble.seeds))))
        try file.createGroup("ensemble")
        for (k, network) in ensemble.others.enumerated() {
            try file.createGroup("ensemble/\(k + 1)")
            try writeLayers(of: network, under: "ensemble/\(k + 1)/", to: file, willWrite: willWrite)
        }
    }

    /// The members beyond the first of a seed ensemble, or `nil` when the file holds one network.
    static func readEnsemble(_ architecture: ArchitectureJSON, from file: HDF5File, path: String) throws -> SavedEnsemble? {
        guard let text = try file.attribute("ensemble")?.stringValue else { return nil }
        guard let header = try? JSONDecoder().decode(SavedEnsemble.Header.self, from: Data(text.utf8)),
              header.size >= 1, header.size <= 10_000, header.seeds.count == header.size else {
            throw ModelFileError.malformed(file: path, object: "/ attribute ensemble",
                                           problem: "cannot read it; expected {\"size\": N, \"reduce\": \"mean\"|\"median\", \"seeds\": [N seeds]}")
        }
        let others = try (1..<max(header.size, 1)).map { k in
            try readNetwork(architecture, under: "/ensemble/\(k)/", from: file, path: path)
        }
        return SavedEnsemble(others: others, reduce: header.reduce, seeds: header.seeds)
    }

    /// The `selection` attribute of a model chosen by `--models auto`, or `nil`.
    static func readSelection(from file: HDF5File, path: String) throws -> AutoSelectionRecord? {
        guard let text = try file.attribute("selection")?.stringValue else { return nil }
        do { return try JSONDecoder().decode(AutoSelectionRecord.self, from: Data(text.utf8)) } catch {
            throw ModelFileError.malformed(file: path, object: "/ attribute selection",
                                           problem: "cannot read its JSON; expected the record of an automatic model choice")
        }
    }
}
