import Foundation
import MsokoIngest
import MsokoModel
import Testing

let fuzzCorpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fuzz/corpus").standardizedFileURL

/// Every file of a target's committed corpus (seeds and fixed findings).
func corpusFiles(_ target: String) -> [URL] {
    let folder = fuzzCorpus.appendingPathComponent(target)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.sorted().map { folder.appendingPathComponent($0) }
}

/// Replays `Fuzz/corpus/<target>/*` through the fuzz targets' own entry
/// points (`Fuzz/FuzzEntryPoints.swift`, linked here): no input may crash,
/// and every error thrown is one of msoko's typed errors, which carry a place.
@Suite("Fuzz corpus replay")
struct FuzzCorpusTests {
    static func isTyped(_ error: any Error) -> Bool {
        error is IngestError || error is ConfigurationError || error is CSVSyntaxError
    }

    func replay(_ target: String, _ entry: ([UInt8]) -> [any Error]) throws {
        let files = corpusFiles(target)
        #expect(files.count >= 5, "the \(target) corpus has its seeds")
        for file in files {
            for error in entry([UInt8](try Data(contentsOf: file))) {
                #expect(Self.isTyped(error), "\(target)/\(file.lastPathComponent): \(type(of: error)) \(error)")
            }
        }
    }

    @Test("the CSV corpus reads in every dialect without a crash; errors are typed")
    func csv() throws { try replay("csv", FuzzEntryPoints.csv) }

    @Test("the XLSX/DOCX corpus reads without a crash; errors are typed")
    func office() throws { try replay("office", FuzzEntryPoints.office) }

    @Test("the YAML corpus parses as pipeline, catalog and measures without a crash; errors are typed")
    func yaml() throws { try replay("yaml", FuzzEntryPoints.yaml) }

    @Test("the periods-and-numbers corpus reads without a crash")
    func values() throws { try replay("values", FuzzEntryPoints.values) }
}

extension FuzzCorpusTests {
    @Test("a zip entry past the end of the file, or a deflate stream that never ends, is refused at once as damaged",
          arguments: ["finding-entry-past-end.docx", "finding-deflate-never-ends.docx"])
    func damagedZip(_ name: String) throws {
        let file = fuzzCorpus.appendingPathComponent("office").appendingPathComponent(name)
        let errors = FuzzEntryPoints.office([UInt8](try Data(contentsOf: file)))
        #expect(!errors.isEmpty)
        #expect(errors.contains { "\($0)".contains("docx: cannot read the document") && "\($0)".contains("damaged") }, "\(errors)")
    }
}
