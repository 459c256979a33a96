import ArgumentParser

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sample", abstract: "(being built)")
    func run() throws { throw ValidationError("`sample` is not available in this build") }
}
