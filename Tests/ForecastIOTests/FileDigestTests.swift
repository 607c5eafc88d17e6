import ForecastIO
import Testing
import _ForecastTestSupport

/// Vectors from FIPS 180-4's examples (NIST CSRC "SHA256.pdf") and the 1,000,000 × "a" vector.
@Test func sha256MatchesKnownVectors() {
    #expect(FileDigest.sha256(bytes: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(FileDigest.sha256(bytes: Array("abc".utf8))
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(FileDigest.sha256(bytes: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(FileDigest.sha256(bytes: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
}

@Test func sha256OfFileStreamsAcrossChunks() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    // 1,000,000 × "a" written as a file, then 2.5 MiB (more than two read chunks) of a pattern.
    let path = dir.file("a.txt")
    try AtomicFile.write(data: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000), to: path)
    #expect(try FileDigest.sha256(path: path) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    let pattern = (0..<(5 << 19)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    let big = dir.file("big.bin")
    try AtomicFile.write(data: pattern, to: big)
    #expect(try FileDigest.sha256(path: big) == FileDigest.sha256(bytes: pattern))
}

/// The expected checksums are the ones listed for the shipped files in
/// /work/shared/datasets/README.md ("sha256 of the files as shipped").
@Test(arguments: [
    ("weather_seattle_daily.csv", "30b399a965f5c519820b593515a64c0b059990d47318a877a30250dfa99473fe"),
    ("traffic_i94_hourly.csv", "450821627ee9373caadc30eada710f08c1ffe0e8ed271197f4f77737d6b8d255"),
])
func sha256OfShippedDataSetMatchesREADME(name: String, expected: String) throws {
    #expect(try FileDigest.sha256(path: datasetPath(name)) == expected)
}

@Test func sha256OfMissingFileNamesThePath() {
    #expect(throws: FileDigestError.cannotOpen(path: "/nonexistent/x.csv", reason: "No such file or directory")) {
        try FileDigest.sha256(path: "/nonexistent/x.csv")
    }
}
