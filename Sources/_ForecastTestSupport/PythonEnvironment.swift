import Foundation

/// The Python environment interoperability tests run h5py, xarray (and Keras) in.
public enum PythonEnvironment {
    /// `$FORECAST_PYTHON`, else `<package root>/.venv-test/bin/python`; throws (so the test fails rather
    /// than skips) with how to create it when neither exists.
    public static func python() throws -> String {
        if let configured = ProcessInfo.processInfo.environment["FORECAST_PYTHON"], !configured.isEmpty {
            return configured
        }
        let venv = (packageRoot as NSString).appendingPathComponent(".venv-test/bin/python")
        guard FileManager.default.isExecutableFile(atPath: venv) else {
            throw PythonError("no Python test environment at \(venv); run Scripts/python-env "
                              + "(or set FORECAST_PYTHON to a python with h5py, xarray and h5netcdf)")
        }
        return venv
    }

    /// Runs `Scripts/python/<script>` with `arguments` and returns its standard output parsed as JSON.
    public static func runJSON(script: String, _ arguments: [String]) throws -> Any {
        let path = (packageRoot as NSString).appendingPathComponent("Scripts/python/\(script)")
        let result = try runProcess(try python(), [path] + arguments)
        guard result.status == 0 else {
            throw PythonError("\(script) failed (\(result.status)): \(result.standardError)")
        }
        return try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
    }

    /// What h5py and xarray see in `path` (optionally a group), from `Scripts/python/describe_hdf5.py`.
    public static func describeHDF5(_ path: String, group: String? = nil) throws -> [String: Any] {
        guard let object = try runJSON(script: "describe_hdf5.py", [path] + (group.map { [$0] } ?? [])) as? [String: Any] else {
            throw PythonError("describe_hdf5.py printed no JSON object")
        }
        return object
    }
}

/// A Python interoperability check could not run.
public struct PythonError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
