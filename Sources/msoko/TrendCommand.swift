import ArgumentParser

struct TrendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trend", abstract: "(being built)")
    func run() throws { throw ValidationError("`trend` is not available in this build") }
}
