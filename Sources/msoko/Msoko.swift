import ArgumentParser
import MsokoPipeline

@main
struct Msoko: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "msoko",
        abstract: "Statistical analytics and cluster analysis of schools for a municipal education department (МСОКО).",
        discussion: """
            msoko turns what schools report every term into an analytical report: \
            validated data, scores against the approved targets, trends, clusters of \
            similar schools, deficits, best practices and targeted recommendations.

            Start with `msoko run Pipelines/mosalsk.yaml`, or `msoko sample --out DIR` \
            to generate a synthetic district.
            """,
        version: MsokoInfo.version,
        subcommands: [
            RunCommand.self, ValidateCommand.self, KMeansCommand.self,
            PCACommand.self, TrendCommand.self, SampleCommand.self,
        ]
    )
}

