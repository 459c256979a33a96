import ArgumentParser

struct KMeansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kmeans", abstract: "(being built)")
    func run() throws { throw ValidationError("`kmeans` is not available in this build") }
}
