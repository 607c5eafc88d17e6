import ForecastCore
import ForecastKernels
import Testing
import _ForecastTestSupport

@Suite struct ElementwiseTests {
    @Test(arguments: [1, 5, 13])
    func axpyScaleAndFillMatchTheirFormulas(count: Int) {
        var g = SeededGenerator(seed: 3)
        let x = uniformFloats(count, using: &g)
        var y = uniformFloats(count, using: &g)
        let y0 = y
        x.withUnsafeBufferPointer { x in y.withUnsafeMutableBufferPointer { axpy(alpha: -0.5, x: x, y: $0) } }
        for i in 0..<count { #expect(y[i] == y0[i] + -0.5 * x[i]) }
        y.withUnsafeMutableBufferPointer { scale($0, by: 2) }
        for i in 0..<count { #expect(y[i] == 2 * (y0[i] + -0.5 * x[i])) }
        y.withUnsafeMutableBufferPointer { fill($0, with: 7) }
        #expect(y.allSatisfy { $0 == 7 })
    }

    @Test func rowOperationsRespectStrides() {
        // 3 rows of 2 columns at stride 5 inside a 13-element buffer; the gaps must stay untouched.
        var m = [Float](repeating: -1, count: 13)
        for r in 0..<3 { for j in 0..<2 { m[r * 5 + j] = Float(10 * r + j) } }
        let bias: [Float] = [0.5, 0.25]
        bias.withUnsafeBufferPointer { v in m.withUnsafeMutableBufferPointer { addRowVector(v, to: $0, rows: 3, columns: 2, stride: 5) } }
        #expect(m[0] == 0.5 && m[1] == 1.25 && m[5] == 10.5 && m[11] == 21.25)
        #expect(m[2] == -1 && m[4] == -1 && m[12] == -1)

        var packed = [Float](repeating: 0, count: 6)
        m.withUnsafeBufferPointer { s in packed.withUnsafeMutableBufferPointer {
            copyRows(s, sourceStride: 5, to: $0, destinationStride: 2, rows: 3, columns: 2)
        } }
        #expect(packed == [0.5, 1.25, 10.5, 11.25, 20.5, 21.25])
        var sums: [Float] = [1, 1]
        packed.withUnsafeBufferPointer { p in sums.withUnsafeMutableBufferPointer { addColumnSums(of: p, rows: 3, columns: 2, stride: 2, into: $0) } }
        #expect(sums == [32.5, 34.75])
        var target = [Float](repeating: 1, count: 6)
        packed.withUnsafeBufferPointer { p in target.withUnsafeMutableBufferPointer {
            addRows(p, sourceStride: 2, into: $0, destinationStride: 2, rows: 3, columns: 2)
        } }
        #expect(target == packed.map { $0 + 1 })
    }

    /// A 2 x 3 matrix by hand, and a 37 x 19 one (tiles of 16 with remainders on both sides) element by element.
    @Test func transposeSwapsRowsAndColumns() {
        var small = [Float](repeating: .nan, count: 6)
        [Float](arrayLiteral: 1, 2, 3, 4, 5, 6).withUnsafeBufferPointer { a in
            small.withUnsafeMutableBufferPointer { transpose(a, rows: 2, columns: 3, into: $0) }
        }
        #expect(small == [1, 4, 2, 5, 3, 6])
        let (rows, columns) = (37, 19)
        let m = (0..<(rows * columns)).map { Float($0) }
        var t = [Float](repeating: .nan, count: rows * columns)
        m.withUnsafeBufferPointer { a in t.withUnsafeMutableBufferPointer { transpose(a, rows: rows, columns: columns, into: $0) } }
        for i in 0..<rows { for j in 0..<columns { #expect(t[j * rows + i] == m[i * columns + j]) } }
    }
}
