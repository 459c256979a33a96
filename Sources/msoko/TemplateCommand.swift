import ArgumentParser
import Foundation
import MsokoModel
import MsokoPipeline

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write the forms schools fill in (self-assessment tables, passport form) and the sources that read them.",
        discussion: """
            From the catalog and the schools of PIPELINE, writes into DIR:

              self-assessment/<school_id>.xlsx  one per school: the indicator table of the \
            self-assessment report (Order No. 1324 of 10.12.2013, appendix 2) with the codes the \
            catalog uses (`self_assessment:`), in rising order: Код | Показатель | Единица \
            измерения | Значение. The names are the form's wording where msoko knows it, the \
            indicator's Russian name otherwise; units «человек/%», «единиц», «да/нет». The \
            Значение column is empty. A second sheet tells the school how to fill it in.

              passport.xlsx  one row per school (by name), one column per passport indicator: \
            an outcome indicator without self-assessment codes whose `source` note mentions the \
            passport of the upbringing system. The header gives the unit; the cells are empty.

              sources.yaml  the `sources:` entries (`self_assessment`, `wide`) that read the \
            filled-in forms back for --period, ready to paste into the pipeline; paths are \
            relative to the pipeline file when DIR is inside its folder, absolute otherwise.

            DIR is replaced whole: it must be absent, empty or an earlier `msoko template` \
            output (it holds .msoko-template). Observations and sources of PIPELINE are not read.
            """)

    @Argument(help: "The pipeline file (YAML): its catalog and schools are used.")
    var pipeline: String

    @Option(name: .long, help: "The period the forms report, e.g. 2023/24.")
    var period: Period

    @Option(name: .long, help: "Folder to write into (absent, empty or an earlier template folder).")
    var out: String

    func run() throws {
        let written = try reportingErrors {
            let forms = try FormTemplates.load(pipelinePath: pipeline, period: period)
            let destination = URL(fileURLWithPath: out)
            let pipelineDirectory = URL(fileURLWithPath: pipeline).deletingLastPathComponent()
            return try forms.write(to: destination, sourcesFolder: FormTemplates.path(of: destination, from: pipelineDirectory))
        }
        for file in written { print(file) }
    }
}
