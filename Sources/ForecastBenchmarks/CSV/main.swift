// forecast-bench-csv: times one CSVReader load of a file, for Scripts/bench-csv.
//
// Usage: forecast-bench-csv <path>
// Prints one JSON object: {"seconds": load time, "rows": …, "columns": …, "bytes": file size,
// "checksum": sum of the non-missing values (so the work cannot be optimized away)}.
// One load per process, so every run starts with a cold heap; the script repeats the process.
#if canImport(Glibc)
import Glibc
#endif
import ForecastCore
import ForecastIO

/// Writes a line to standard error (file descriptor 2; Swift 6 cannot touch C's `stderr` global).
func printError(_ line: String) {
    let text = line + "\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
}

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    printError("usage: forecast-bench-csv <path>")
    exit(2)
}
let path = arguments[1]

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

do {
    let start = now()
    let series = try CSVReader().read(path: path)
    let seconds = now() - start
    var info = stat()
    stat(path, &info)
    var checksum = 0.0
    for column in series.columns {
        for v in column.values where !v.isNaN { checksum += v }
    }
    print("{\"seconds\": \(seconds), \"rows\": \(series.count), \"columns\": \(series.columns.count), "
          + "\"bytes\": \(info.st_size), \"checksum\": \(checksum)}")
} catch {
    printError("\(error)")
    exit(1)
}
