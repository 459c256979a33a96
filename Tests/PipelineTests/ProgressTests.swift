import Foundation
import Testing
@testable import MsokoPipeline

@Suite("Progress on a terminal (issue 13)")
struct ProgressTests {
    /// A reporter whose clock the test sets and whose text it keeps.
    final class Recorder: @unchecked Sendable {
        var now = 0.0
        var text = ""
        lazy var reporter = ProgressReporter(write: { self.text += $0 }, clock: { self.now }, interval: 0.25)
    }

    @Test("the line names the stage and the count, and extrapolates the time left from the rate so far")
    func line() {
        // 1,200 of 40,000 pages in 3 s: 38,800 left at 400 a second = 97 s.
        #expect(ProgressReporter.line(stage: "school pages", done: 1200, total: 40000, unit: "schools", elapsed: 3)
                == "msoko: school pages 1200/40000 schools, 1:37 left")
        #expect(ProgressReporter.line(stage: "school pages", done: 0, total: 40000, unit: "schools", elapsed: 0)
                == "msoko: school pages 0/40000 schools")
        #expect(ProgressReporter.line(stage: "school pages", done: 5, total: 5, unit: "", elapsed: 2) == "msoko: school pages 5/5")
        #expect(ProgressReporter.line(stage: "analysis", done: nil, total: nil, unit: "", elapsed: 7) == "msoko: analysis…")
        #expect(ProgressReporter.clockTime(3725.2) == "1:02:06")
        #expect(ProgressReporter.seconds(0.44) == "0.4 s" && ProgressReporter.seconds(42.4) == "42 s" && ProgressReporter.seconds(65) == "1:05")
    }

    @Test("stages redraw one line in place, each finished stage keeps its time, and counts redraw at most every interval")
    func sequence() {
        let recorder = Recorder()
        let progress = recorder.reporter
        progress.stage("ingest")
        recorder.now = 2.5
        progress.stage("school pages", total: 100, unit: "schools")
        recorder.now = 3.5
        progress.advance(by: 50)        // drawn: 1 s after the stage's start
        recorder.now = 3.6
        progress.advance(by: 10)        // 60, within the interval: not drawn
        recorder.now = 4.5
        progress.advance(by: 40)        // 100, the last one: always drawn
        progress.finish()
        let erase = "\r\u{1B}[K"
        #expect(recorder.text == [
            erase + "msoko: ingest…",
            erase + "msoko: ingest 2.5 s\n",
            erase + "msoko: school pages 0/100 schools",
            erase + "msoko: school pages 50/100 schools, 0:01 left",
            erase + "msoko: school pages 100/100 schools",
            erase + "msoko: school pages 2 s\n",
        ].joined())
    }

    @Test("not a terminal, no reporter: a file or a pipe as stderr gets nothing, so a run under tests or CI is silent")
    func notATerminal() throws {
        let scratch = try ScratchFolder()
        _ = FileManager.default.createFile(atPath: scratch.path("stderr"), contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: scratch.path("stderr")))
        #expect(ProgressReporter.terminal(descriptor: handle.fileDescriptor) == nil)
        let pipe = Pipe()
        #expect(ProgressReporter.terminal(descriptor: pipe.fileHandleForWriting.fileDescriptor) == nil)
        // A run with the reporter the command line would make writes nothing to a non-terminal stderr.
        try SampleDistrict(schoolCount: 6, seed: 1).write(to: scratch.url.appendingPathComponent("district"))
        _ = try PipelineRunner.run(pipelinePath: scratch.path("district/pipeline.yaml"),
                                   options: RunOptions(outputDirectory: scratch.path("out"),
                                                       progress: ProgressReporter.terminal(descriptor: handle.fileDescriptor)))
        try handle.close()
        #expect(try scratch.read("stderr").isEmpty)
    }

    @Test("a run with a reporter reports every stage and each school page, and no output file holds progress text")
    func runWithReporter() throws {
        let scratch = try ScratchFolder()
        try SampleDistrict(schoolCount: 6, seed: 1).write(to: scratch.url.appendingPathComponent("district"))
        let recorder = Recorder()
        _ = try PipelineRunner.run(pipelinePath: scratch.path("district/pipeline.yaml"),
                                   options: RunOptions(outputDirectory: scratch.path("out"), progress: recorder.reporter))
        for stage in ["ingest", "analysis", "clusters", "report", "school pages", "writing"] {
            #expect(recorder.text.contains("msoko: \(stage) "), "\(stage)")
        }
        #expect(recorder.text.contains("school pages 6/6 schools"))
        for file in try FileManager.default.subpathsOfDirectory(atPath: scratch.path("out")) {
            guard let data = FileManager.default.contents(atPath: scratch.path("out/\(file)")) else { continue }
            #expect(!String(decoding: data, as: UTF8.self).contains("msoko: "), "\(file)")
        }
    }
}
