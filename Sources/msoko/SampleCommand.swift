import ArgumentParser
import Foundation
import MsokoPipeline

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write a synthetic district (inputs + pipeline) for demos and tests.",
        discussion: """
            Writes schools.csv, observations.csv, README.md (the planted structure: \
            three groups of schools, two deficit schools, named trends, missing \
            values), and a runnable pipeline.yaml with the built-in catalog \
            (indicators.yaml) into DIR. The latest school year is sent natively, as \
            schools and the department send it: self-assessment tables \
            (self-assessment/2023-24/<id>.xlsx, one school as .docx), a passport table \
            (passports/), a parents' survey export (surveys/), a contest list \
            (contests/) and the navigator's enrolments (navigator/); those values are \
            not in observations.csv, and pipeline.yaml's `sources:` read them. The \
            data are synthetic and labelled so. The same --schools and --seed always \
            give the same bytes.
            """)

    @Option(name: .long, help: "Folder to write into (created; existing files of the same names are replaced).")
    var out: String

    @Option(name: .long, help: "Number of schools (at least 6).")
    var schools = 12

    @Option(name: .long, help: "Seed of the generator.")
    var seed: UInt64 = 2024

    func validate() throws {
        guard schools >= 6 else { throw ValidationError("--schools must be at least 6 (three groups and two deficit schools)") }
        guard schools <= 100_000 else { throw ValidationError("--schools must be at most 100000") }
    }

    func run() throws {
        let written = try reportingErrors {
            try SampleDistrict(schoolCount: schools, seed: seed).write(to: URL(fileURLWithPath: out))
        }
        for file in written { print(file) }
    }
}
