import Foundation
import MsokoLinearAlgebra
import Testing
@testable import MsokoPipeline

@Suite("Determinism across thread counts", .serialized)
struct ThreadCountTests {
    @Test("the sample district gives byte-identical outputs with 1, 2 and 8 threads (all but the manifest's timings)")
    func identicalOutputs() throws {
        let scratch = try ScratchFolder()
        let pipeline = repositoryRoot.appendingPathComponent("Pipelines/mosalsk.yaml").path
        let before = Parallelism.threadCount
        defer { Parallelism.setThreadCount(before) }
        var outputs: [Int: [String: Data]] = [:]
        for threads in [1, 2, 8] {
            Parallelism.setThreadCount(threads)
            #expect(Parallelism.threadCount == threads && BLAS.threadCount >= 1)
            let out = scratch.path("out-\(threads)")
            _ = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: out))
            var files: [String: Data] = [:]
            for file in FileManager.default.enumerator(atPath: out)!.compactMap({ $0 as? String }) where file != "manifest.json" {
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: "\(out)/\(file)", isDirectory: &isDirectory)
                if !isDirectory.boolValue { files[file] = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(file)")) }
            }
            outputs[threads] = files
        }
        #expect((outputs[1]?.count ?? 0) > 30)
        for threads in [2, 8] {
            #expect(outputs[threads]?.keys.sorted() == outputs[1]?.keys.sorted())
            for (file, data) in outputs[1] ?? [:] {
                #expect(outputs[threads]?[file] == data, "\(file) differs with \(threads) threads")
            }
        }
    }
}
