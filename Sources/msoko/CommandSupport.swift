import ArgumentParser
import Foundation
import MsokoModel

/// Prints `error: …` on stderr and exits with status 1: the form of docs/contract.md §1
/// for every failure (ArgumentParser's own messages cover bad arguments).
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("error: \(error)")
        throw ExitCode.failure
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension Period: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension Language: ExpressibleByArgument {}
