import Foundation
import Testing
@testable import MsokoIngest
@testable import MsokoModel
@testable import MsokoPipeline

/// Hostile and broken input (issue 15) through a whole `msoko run`.
@Suite("hostile input end to end")
struct HostileInputTests {
    /// Every cell of every `tables/*.csv` of `out`, parsed back with msoko's own reader.
    func outputCells(_ out: URL) throws -> [(file: String, cell: String)] {
        let tables = out.appendingPathComponent("tables")
        var cells: [(String, String)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: tables.path).sorted() where name.hasSuffix(".csv") {
            let document = try TableDocument(delimited: [UInt8](Data(contentsOf: tables.appendingPathComponent(name))), path: name)
            var cursor = document.makeCursor()
            var row: [CSVField] = []
            while try cursor.next(into: &row) != nil {
                for cell in row { cells.append((name, document.string(cell) ?? "")) }
            }
        }
        return cells
    }

    /// Writes the sample district with two hostile observation rows (a
    /// formula as a value, a formula as a school id) and runs it into `out`.
    func runWithFormulas(_ scratch: ScratchFolder) throws -> RunResult {
        try SampleDistrict(schoolCount: 12, seed: 2024).write(to: scratch.url)
        let observations = scratch.path("observations.csv")
        var text = try String(contentsOfFile: observations, encoding: .utf8)
        text += "S01,2023/24,contest_participation,\"=HYPERLINK(\"\"http://x\"\",\"\"клик\"\")\",100\n"
        text += "@SUM(A1),2023/24,contest_participation,50,100\n"
        try text.write(toFile: observations, atomically: true, encoding: .utf8)
        return try PipelineRunner.run(pipelinePath: scratch.path("pipeline.yaml"),
                                      options: RunOptions(outputDirectory: scratch.path("out")))
    }

    @Test("a formula in an input cell reaches rejects.csv neutralised by a leading quote; no output cell starts a formula")
    func formulaInjection() throws {
        let scratch = try ScratchFolder()
        let result = try runWithFormulas(scratch)
        #expect(result.dataset.rejects.count == 2)
        let rejects = try scratch.read("out/tables/rejects.csv")
        #expect(rejects.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"клик\"\")\""))
        #expect(rejects.contains(",'@SUM(A1),"))
        let cells = try outputCells(scratch.url.appendingPathComponent("out"))
        #expect(cells.contains { $0.cell.hasPrefix("-") && Double($0.cell) != nil }, "negative numbers stay numbers")
        for (file, cell) in cells {
            guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { continue }
            #expect(Table.isPlainNumber(cell), "\(file): \(cell)")
        }
    }
}

extension HostileInputTests {
    @Test("school ids that would escape the output folder are rejected at ingest; nothing is written outside OUT")
    func hostileSchoolIDs() throws {
        let scratch = try ScratchFolder()
        try SampleDistrict(schoolCount: 12, seed: 2024).write(to: scratch.url)
        let schools = scratch.path("schools.csv")
        var text = try String(contentsOfFile: schools, encoding: .utf8)
        let hostile = ["../escape", "..", "a/b", ".hidden", "CON", String(repeating: "x", count: 300)]
        for id in hostile { text += "\"\(id)\",Школа \u{200F}😀,school,Town,100,\n" }
        try text.write(toFile: schools, atomically: true, encoding: .utf8)
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path))
        let result = try PipelineRunner.run(pipelinePath: scratch.path("pipeline.yaml"),
                                            options: RunOptions(outputDirectory: scratch.path("out")))
        let rejected = result.dataset.rejects.filter { $0.column == "school_id" }.map(\.value)
        #expect(Set(rejected) == Set(hostile))
        #expect(result.dataset.rejects.contains { $0.reason.contains("at most \(Identifier.maximumLength)") })
        #expect(result.dataset.rejects.contains { $0.reason.contains("reserved device name") })
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path))
        #expect(after.subtracting(before) == ["out"], "no file appears beside the output folder")
        let pages = try FileManager.default.contentsOfDirectory(atPath: scratch.path("out/schools"))
        #expect(pages.count == 24, "only the 12 valid schools have pages")
    }

    @Test("the output folder refuses a queued path that would leave it, before writing anything")
    func outputFolderContainment() throws {
        for path in ["../x.md", "schools/../../x", "/etc/x", "schools/", "a\\b", "a/./b", "x\u{0}", ""] {
            #expect(!OutputFolder.isContained(path), "\(path)")
        }
        #expect(OutputFolder.isContained("schools/S01.md"))
        let scratch = try ScratchFolder()
        let folder = OutputFolder(destination: scratch.url.appendingPathComponent("out"), marker: "manifest.json")
        folder.add("schools/../../escaped.md", "x")
        #expect(thrownMessage(OutputFolderError.self) { try folder.commit() }
                == "refusing to write `schools/../../escaped.md`: the name would leave the output folder (an id with `/`, `..` or a control character)")
        #expect(!FileManager.default.fileExists(atPath: scratch.url.deletingLastPathComponent().appendingPathComponent("escaped.md").path))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out")))
    }

    @Test("a file written in pieces holds them in order; a piece that fails is thrown by commit and nothing is committed")
    func streamedFiles() throws {
        let scratch = try ScratchFolder()
        let folder = OutputFolder(destination: scratch.url.appendingPathComponent("out"), marker: "manifest.json")
        folder.add("tables/a.csv", streaming: { write in for piece in ["x,y\n", "1,2\n", "3,4\n"] { try write(Array(piece.utf8)) } })
        try folder.commit()
        #expect(try scratch.read("out/tables/a.csv") == "x,y\n1,2\n3,4\n")

        struct Broken: Error, CustomStringConvertible { var description: String { "the table broke" } }
        let failing = OutputFolder(destination: scratch.url.appendingPathComponent("out2"), marker: "manifest.json")
        failing.add("tables/a.csv", streaming: { write in
            try write(Array("x\n".utf8))
            throw Broken()
        })
        #expect(throws: Broken.self) { try failing.commit() }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out2")))
    }
}

extension HostileInputTests {
    /// The sheet XML of every `.xlsx` LibreOffice makes of `files` (converted in one run, its own profile).
    func libreOfficeSheets(_ files: [String], scratch: ScratchFolder) throws -> [String: String] {
        let soffice = try #require(executable("soffice"))
        let converted = scratch.path("xlsx")
        let run = try runProgram(soffice, ["-env:UserInstallation=file://" + scratch.path("lo-profile"), "--headless",
                                           "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", converted] + files)
        #expect(run.status == 0, "\(run.errors)")
        let unzip = try #require(executable("unzip"))
        var sheets: [String: String] = [:]
        for file in files {
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            sheets[name] = try runProgram(unzip, ["-p", converted + "/" + name + ".xlsx", "xl/worksheets/sheet1.xml"]).output
        }
        return sheets
    }

    @Test("LibreOffice converts every output table to XLSX without a single formula cell; the verbatim CSV would have one",
          .enabled(if: executable("soffice") != nil && executable("unzip") != nil, "soffice or unzip not found (Debian libreoffice-calc)"))
    func libreOfficeSeesNoFormula() throws {
        let scratch = try ScratchFolder()
        _ = try runWithFormulas(scratch)
        let tables = scratch.path("out/tables")
        let files = try FileManager.default.contentsOfDirectory(atPath: tables).filter { $0.hasSuffix(".csv") }.sorted()
            .map { tables + "/" + $0 }
        // The control: the same rejects, written verbatim, do carry a formula.
        let control = scratch.path("verbatim_rejects.csv")
        let rejects = try String(contentsOfFile: tables + "/rejects.csv", encoding: .utf8).replacingOccurrences(of: "\"'=", with: "\"=")
        try rejects.write(toFile: control, atomically: true, encoding: .utf8)
        let sheets = try libreOfficeSheets(files + [control], scratch: scratch)
        #expect(sheets["verbatim_rejects"]?.contains("<f") == true, "the control shows LibreOffice evaluates an unprotected cell")
        #expect(sheets["rejects"]?.contains("<c ") == true)
        for (name, sheet) in sheets where name != "verbatim_rejects" {
            #expect(!sheet.contains("<f"), "\(name).csv has a formula cell in LibreOffice")
        }
        #expect(sheets["normalized"]?.contains("t=\"n\"><v>-") == true, "negative numbers stay numbers")
    }
}
