import ArgumentParser

struct PCACommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pca", abstract: "(being built)")
    func run() throws { throw ValidationError("`pca` is not available in this build") }
}
