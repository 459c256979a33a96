import ArgumentParser
import Foundation
import Testing
@testable import msoko
import MsokoClustering
import MsokoTestSupport

/// `msoko kmeans` and `msoko pca` on files (the analysis itself is tested in ClusteringTests).
@Suite("msoko kmeans and msoko pca: files, options, errors")
struct KMeansCommandTests {
    static let mcas = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Datasets/mcas/mcas-districts.csv").standardizedFileURL.path

    /// A fresh folder with the given files.
    func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-kmeans-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return url
    }

    func kmeans(_ arguments: [String]) throws -> KMeansCommand.Outcome {
        try KMeansCommand.parse(arguments).analyse()
    }

    func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)" }
    }

    @Test("--standardize with --init in the table's units reproduces scikit-learn's Lloyd run on z-scored MCAS")
    func mcasFromInit() throws {
        // Rows 1, 110 and 220 of the table (linspace(0, 219, 3)), in the table's units.
        let lines = try String(contentsOfFile: Self.mcas, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).dropFirst().joined(separator: ",")
        let start = [1, 110, 220].map { lines[$0].split(separator: ",", omittingEmptySubsequences: false).dropFirst().joined(separator: ",") }
        let directory = try folder(["init.csv": ([header] + start).joined(separator: "\n") + "\n"])
        let outcome = try kmeans([Self.mcas, "--k", "3", "--init", directory.appendingPathComponent("init.csv").path, "--tol", "0", "--standardize"])
        // scikit-learn 1.9.1 KMeans(n_clusters=3, init=those rows, n_init=1, tol=0, algorithm="lloyd")
        // on StandardScaler().fit_transform(x): n_iter_ = 6, inertia_ = 1578.9346259479494.
        #expect(outcome.result.iterations == 6)
        #expect(isApproximatelyEqual(outcome.result.inertia, 1578.9346259479494, relativeTolerance: 1e-9))
        #expect(outcome.result.restarts == 1 && outcome.result.converged)
        #expect(outcome.warnings.isEmpty)
        let json = try #require(JSONSerialization.jsonObject(with: Data(outcome.result.json())) as? [String: Any])
        #expect((json["labels"] as? [Int])?.count == 220)
        #expect((json["centroids"] as? [[Double]])?.count == 3)
        #expect(json["k"] as? Int == 3 && json["iterations"] as? Int == 6 && json["converged"] as? Bool == true)
        let text = String(decoding: outcome.result.json(), as: UTF8.self)
        #expect(text.hasPrefix("{\"k\":3,\"labels\":["))
    }

    @Test("a constant column under --standardize stays 0 and is named in a warning")
    func constantColumn() throws {
        let directory = try folder(["t.csv": "id,a,b\n1,1,5\n2,2,5\n3,3,5\n4,10,5\n"])
        let outcome = try kmeans([directory.appendingPathComponent("t.csv").path, "--k", "2", "--standardize"])
        #expect(outcome.warnings.count == 1 && outcome.warnings[0].contains("`b`") && outcome.warnings[0].contains("constant"))
        #expect((0..<2).allSatisfy { outcome.result.centroids[$0, 1] == 0 })
        #expect(outcome.result.labels == [0, 0, 0, 1] || outcome.result.labels == [1, 1, 1, 0])
    }

    @Test("bad options are rejected before any work by the library's own rules, the message naming the option, with the usage line")
    func badOptions() {
        let cases: [([String], String)] = [
            (["t.csv", "--k", "0"], "--k must be at least 1, got 0"),
            (["t.csv", "--k", "2", "--restarts", "0"], "--restarts must be at least 1, got 0"),
            (["t.csv", "--k", "2", "--max-iter", "0"], "--max-iter must be at least 1, got 0"),
            (["t.csv", "--k", "2", "--tol=-1"], "--tol must be a finite number ≥ 0, got -1.0"),
            (["t.csv", "--k", "0", "--tol", "nan"], "--k must be at least 1, got 0; --tol must be a finite number ≥ 0, got nan"),
            (["t.csv"], "Missing expected argument '--k <k>'"),
        ]
        for (arguments, reason) in cases {
            let message = usageError(["kmeans"] + arguments)
            #expect(message?.hasPrefix("error: \(reason)\n") == true, "\(arguments): \(message ?? "no error")")
            #expect(message?.contains("\nUsage: msoko kmeans <file> --k <k> [--seed <seed>]") == true)
            #expect(message?.hasSuffix("See 'msoko kmeans --help' for more information.") == true)
        }
        #expect(usageError(["pca", "t.csv", "--components", "0"])?.hasPrefix("error: --components must be at least 1, got 0\nUsage: msoko pca") == true)
    }

    @Test("the option rules are the library's: each parameter of KMeans.parameterConstraints has its option")
    func optionsCoverTheRules() {
        #expect(Set(KMeans.parameterConstraints.map(\.key)) == Set(KMeans.Parameter.allCases))
        #expect(KMeans.Parameter.allCases.allSatisfy { KMeansCommand.optionNames[$0] != nil })
    }

    @Test("bad inputs are errors naming the file, line and column", arguments: [
        ("id,a\n1,1\n2,2\n", ["--k", "3"], "t.csv: --k 3 is larger than the number of rows (2)"),
        ("", ["--k", "1"], "t.csv: the file is empty"),
        ("id,a,b\n1,1,2\n2,3\n", ["--k", "1"], "t.csv:3: the row has 2 fields, the header has 3"),
        ("id,a,b\n1,1,2\n2,3,abc\n", ["--k", "1"], "t.csv:3 (column b): `abc` in column 3 (`b`) is not a number"),
        ("id,a,b\n1,NaN,2\n", ["--k", "1"], "t.csv:2 (column a): `NaN` in column 2 (`a`) is not a finite number"),
        ("id,a,b\n1,-inf,2\n", ["--k", "1"], "t.csv:2 (column a): `-inf` in column 2 (`a`) is not a finite number"),
    ])
    func badInputs(text: String, options: [String], expected: String) throws {
        let directory = try folder(["t.csv": text])
        let path = directory.appendingPathComponent("t.csv").path
        let error = message { _ = try kmeans([path] + options) }
        #expect(error?.replacingOccurrences(of: directory.path + "/", with: "").hasPrefix(expected) == true, "\(String(describing: error))")
    }

    @Test("starting centroids of the wrong shape name the init file and the expected shape")
    func initShape() throws {
        let directory = try folder(["t.csv": "id,a,b\n1,1,2\n2,3,4\n3,5,6\n", "one.csv": "a,b\n1,2\n", "three.csv": "a,b,c\n1,2,3\n4,5,6\n"])
        for name in ["one.csv", "three.csv"] {
            let error = message {
                _ = try kmeans([directory.appendingPathComponent("t.csv").path, "--k", "2", "--init", directory.appendingPathComponent(name).path])
            }
            #expect(error?.contains(name) == true)
            #expect(error?.contains("must be 2 rows (--k) × 2 columns") == true, "\(String(describing: error))")
        }
    }

    @Test("msoko pca: scikit-learn's explained variance ratio on z-scored MCAS; too few rows is an error naming the file")
    func pca() throws {
        let (analysis, warnings) = try PCACommand.parse([Self.mcas, "--standardize", "--components", "2"]).analyse()
        // scikit-learn 1.9.1 PCA().fit(StandardScaler().fit_transform(x)).explained_variance_ratio_[:2]
        #expect(isApproximatelyEqual(analysis.explainedVarianceRatio[0], 0.30139786715624006, absoluteTolerance: 1e-9))
        #expect(isApproximatelyEqual(analysis.explainedVarianceRatio[1], 0.2406025261187551, absoluteTolerance: 1e-9))
        #expect(analysis.scores.rows == 220 && analysis.components.rows == 2 && warnings.isEmpty)
        let directory = try folder(["one.csv": "id,a,b\n1,1,2\n"])
        let error = message { _ = try PCACommand.parse([directory.appendingPathComponent("one.csv").path]).analyse() }
        #expect(error?.contains("one.csv") == true && error?.contains("at least 2 rows") == true)
    }

    @Test("--restarts above 1 with --init is a warning (scikit-learn's); the default or --restarts 1 is not")
    func restartsIgnoredWithInit() throws {
        let directory = try folder(["t.csv": "id,a\n1,0\n2,1\n3,9\n4,10\n", "init.csv": "a\n0\n10\n"])
        let table = directory.appendingPathComponent("t.csv").path, initial = directory.appendingPathComponent("init.csv").path
        let warned = try kmeans([table, "--k", "2", "--init", initial, "--restarts", "5"])
        #expect(warned.warnings == ["--restarts 5 is ignored with --init: one run starts from the centroids of \(initial)"])
        #expect(warned.result.restarts == 1)
        #expect(try kmeans([table, "--k", "2", "--init", initial]).warnings.isEmpty)
        #expect(try kmeans([table, "--k", "2", "--init", initial, "--restarts", "1"]).warnings.isEmpty)
        #expect(try kmeans([table, "--k", "2", "--restarts", "5"]).warnings.isEmpty)
    }

    @Test("fewer distinct clusters than --k (duplicate rows) is a warning")
    func fewerDistinctClusters() throws {
        let directory = try folder(["t.csv": "id,a,b\n1,0,0\n2,0,0\n3,5,5\n4,5,5\n"])
        let outcome = try kmeans([directory.appendingPathComponent("t.csv").path, "--k", "3"])
        #expect(Set(outcome.result.labels).count == 2)
        #expect(outcome.warnings == ["2 distinct clusters found, fewer than --k 3 (possibly duplicate rows in \(directory.appendingPathComponent("t.csv").path))"])
        #expect(try kmeans([directory.appendingPathComponent("t.csv").path, "--k", "2"]).warnings.isEmpty)
    }

    @Test("the executable prints both warnings on stderr, the JSON on stdout, and exits 0")
    func warningsOnStandardError() throws {
        guard let msoko = builtExecutable() else { Issue.record("msoko executable not found"); return }
        let directory = try folder(["t.csv": "id,a\n1,0\n2,0\n3,5\n4,5\n", "init.csv": "a\n0\n5\n5\n"])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: msoko)
        process.arguments = ["kmeans", directory.appendingPathComponent("t.csv").path, "--k", "3",
                             "--init", directory.appendingPathComponent("init.csv").path, "--restarts", "4"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let json = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("warning: --restarts 4 is ignored with --init") == true)
        #expect(lines.last?.hasPrefix("warning: 2 distinct clusters found, fewer than --k 3") == true)
        #expect(String(decoding: json, as: UTF8.self).hasPrefix("{\"k\":3,\"labels\":["))
    }
}
