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
            data are synthetic and labelled so. The same flags always give the same \
            bytes.

            At national scale: --years sets the number of school years (the last \
            stays 2023/24), --indicators restricts the built-in catalog (the planted \
            and context indicators kept, then the others in catalog order; the \
            restricted catalog and measures are written beside the data), and \
            --canonical puts every value, the latest year's included, into \
            observations.csv (no native files, no `sources:`), streamed to disk: \
            `msoko sample --out national --schools 40000 --years 8 --indicators 40 --canonical`.
            """)

    @Option(name: .long, help: "Folder to write into (created; existing files of the same names are replaced).")
    var out: String

    @Option(name: .long, help: "Number of schools (6 to 100000).")
    var schools = 12

    @Option(name: .long, help: "Seed of the generator.")
    var seed: UInt64 = 2024

    @Option(name: .long, help: "Number of school years, the last one 2023/24 (3 to 20).")
    var years = SampleDistrict.defaultYears

    @Option(name: .long, help: "Restrict the built-in catalog to this many indicators (21 to 46; default: all 46).")
    var indicators: Int?

    @Flag(name: .long, help: "Every value in observations.csv: no native files, no `sources:`.")
    var canonical = false

    func validate() throws {
        let schoolRange = SampleDistrict.schoolRange, yearRange = SampleDistrict.yearRange
        guard schools >= schoolRange.lowerBound else {
            throw ValidationError("--schools must be at least \(schoolRange.lowerBound) (three groups and two deficit schools)")
        }
        guard schools <= schoolRange.upperBound else { throw ValidationError("--schools must be at most \(schoolRange.upperBound)") }
        guard yearRange.contains(years) else {
            throw ValidationError("--years must be from \(yearRange.lowerBound) to \(yearRange.upperBound)")
        }
        let indicatorRange = SampleDistrict.indicatorRange
        if let indicators, !indicatorRange.contains(indicators) {
            throw ValidationError("--indicators must be from \(indicatorRange.lowerBound) (the planted and context indicators) "
                                  + "to \(indicatorRange.upperBound) (the whole catalog)")
        }
    }

    func run() throws {
        let written = try reportingErrors {
            try SampleDistrict(schoolCount: schools, seed: seed, years: years, indicators: indicators, canonical: canonical)
                .write(to: URL(fileURLWithPath: out))
        }
        for file in written { print(file) }
    }
}
