import ArgumentParser
import Dispatch
import Foundation
import MsokoIngest
import MsokoLinearAlgebra
import MsokoModel
import MsokoStatistics

struct TrendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Trend tests (Mann–Kendall, Sen's slope, OLS) for many series; JSON on stdout.",
        discussion: """
            Reads a CSV file with the header series,t,value: one row per observation, \
            t numeric with any spacing (e.g. the school year 2023 or 2023.5), value a \
            number or empty for a missing value. Rows of one series need not be \
            adjacent or sorted by t.

            Prints a JSON array with one object per series, in order of first \
            appearance: series, n, mk_s, mk_var_s, mk_z, mk_p, sen_slope, \
            sen_intercept, ols_slope, ols_intercept, ols_slope_low, ols_slope_high, trend.

            Mann–Kendall uses the tie-corrected variance and the continuity correction \
            (as pymannkendall original_test), with a two-sided p. Sen's slope is the \
            median of the pairwise slopes, per unit of t; its intercept is \
            median(value) − slope·median(t) at t = 0 (as pymannkendall and scipy \
            theilslopes). The OLS slope interval is 95 % from Student's t with n − 2 \
            degrees of freedom.

            trend is increasing or decreasing when the Mann–Kendall p < 0.05 (by the \
            sign of S), no_trend otherwise, and insufficient_data when a series has \
            fewer than 4 points with a value (or a single distinct t). Missing values \
            are dropped with their t before anything is computed; n counts the rest. \
            Statistics that cannot be computed (OLS for n < 3, Mann–Kendall and Sen \
            for n < 2) are null, as is any non-finite number.
            """)

    @Argument(help: "The input CSV file with the header series,t,value.")
    var file: String

    @Option(help: "Worker threads for reading and analysis (results do not depend on it).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        let output = try reportingErrors { () throws -> [[UInt8]] in
            let document = TableFiles.format(of: file) == .delimited
                ? try TableDocument(delimited: TableFiles.readBytes(file, name: file), path: file)
                : try TableFiles.open(TableSpec(path: file), resolvedAt: URL(fileURLWithPath: file)).documents[0]
            let input = try TrendInputReader.read(document, threads: threads)
            return TrendReport.json(input, threads: threads)
        }
        let standardOutput = PlainFile(descriptor: 1, name: "the standard output")
        do {
            for block in output { try standardOutput.write(block) }
        } catch let error as PlainFileError {
            printError("error: cannot write the output: \(error.reason)")
            throw ExitCode.failure
        }
    }
}

/// The JSON of `msoko trend`, built in parallel over blocks of series and
/// joined in series order, so the bytes do not depend on the thread count.
enum TrendReport {
    /// The output as consecutive blocks of bytes, to be written in order.
    static func json(_ input: TrendInput, threads: Int) -> [[UInt8]] {
        let seriesCount = input.seriesCount
        // Blocks of a few thousand series keep both cores busy to the end.
        let blockCount = max(1, min(seriesCount / 4096, threads * 16))
        let blocks = UnsafeMutableBufferPointer<[UInt8]>.allocate(capacity: blockCount)
        blocks.initialize(repeating: [])
        defer { blocks.deinitialize().deallocate() }
        let shared = SharedPointer(blocks)
        let work: @Sendable (Int) -> Void = { block in
            let first = seriesCount * block / blockCount, last = seriesCount * (block + 1) / blockCount
            let analyzer = TrendAnalyzer()
            var bytes: [UInt8] = []
            bytes.reserveCapacity((last - first) * 360)
            input.times.withUnsafeBufferPointer { times in
            input.values.withUnsafeBufferPointer { values in
            input.offsets.withUnsafeBufferPointer { offsets in
            input.names.bytes.withUnsafeBufferPointer { nameBytes in
            input.names.offsets.withUnsafeBufferPointer { nameOffsets in
            for series in first..<last {
                let range = offsets[series]..<offsets[series + 1]
                let summary = analyzer.analyze(times: UnsafeBufferPointer(rebasing: times[range]),
                                               values: UnsafeBufferPointer(rebasing: values[range]))
                let name = UnsafeBufferPointer(rebasing: nameBytes[nameOffsets[series]..<nameOffsets[series + 1]])
                appendObject(name: name, summary, to: &bytes)
                if series != seriesCount - 1 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(UInt8(ascii: "\n"))
            }
            }}}}}
            shared.base[block] = bytes
        }
        if threads == 1 {
            for block in 0..<blockCount { work(block) }
        } else {
            DispatchQueue.concurrentPerform(iterations: blockCount, execute: work)
        }
        var output: [[UInt8]] = [Array((seriesCount == 0 ? "[" : "[\n").utf8)]
        output.append(contentsOf: blocks)
        output.append(Array("]\n".utf8))
        return output
    }

    static func appendObject(name: UnsafeBufferPointer<UInt8>, _ summary: TrendSummary, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: "{\"series\":".utf8)
        appendString(name, to: &bytes)
        bytes.append(contentsOf: ",\"n\":".utf8)
        bytes.append(contentsOf: String(summary.n).utf8)
        let mannKendall = summary.mannKendall
        appendField("mk_s", mannKendall?.s, to: &bytes)
        appendField("mk_var_s", mannKendall?.varianceS, to: &bytes)
        appendField("mk_z", mannKendall?.z, to: &bytes)
        appendField("mk_p", mannKendall?.p, to: &bytes)
        appendField("sen_slope", summary.sen?.slope, to: &bytes)
        appendField("sen_intercept", summary.sen?.intercept, to: &bytes)
        appendField("ols_slope", summary.ols?.slope, to: &bytes)
        appendField("ols_intercept", summary.ols?.intercept, to: &bytes)
        appendField("ols_slope_low", summary.olsSlopeLow, to: &bytes)
        appendField("ols_slope_high", summary.olsSlopeHigh, to: &bytes)
        bytes.append(contentsOf: ",\"trend\":\"".utf8)
        bytes.append(contentsOf: summary.direction.rawValue.utf8)
        bytes.append(contentsOf: "\"}".utf8)
    }

    @inline(__always)
    static func appendField(_ key: StaticString, _ value: Double?, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: ","))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        JSONText.appendNumber(value ?? .nan, to: &bytes)
    }

    /// A JSON string with the escapes RFC 8259 requires; bytes that are not
    /// valid UTF-8 become U+FFFD, so the output is always valid JSON.
    static func appendString(_ text: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        if text.contains(where: { $0 >= 0x80 }) {
            var repaired = String(decoding: text, as: UTF8.self)
            repaired.withUTF8 { appendValidString($0, to: &bytes) }
        } else {
            appendValidString(text, to: &bytes)
        }
    }

    private static func appendValidString(_ text: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): bytes.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\r"): bytes.append(contentsOf: "\\r".utf8)
            case UInt8(ascii: "\t"): bytes.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
