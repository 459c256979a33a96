import Foundation
import Testing

/// Package.swift tells the truth (issue 17): every target's declared
/// dependencies are exactly the package modules its sources import, so the
/// module graph cannot drift from the code. Package.swift is read as text
/// (targets, their `dependencies:` lists, `.product(name:)` entries); modules
/// from outside the package (Foundation, Testing, Glibc, …) are ignored, and
/// so are plugins.
@Suite("Package.swift: declared target dependencies equal the imports")
struct ModuleGraphTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL

    /// Dependencies declared to be linked but never imported (none today).
    static let linkOnly: Set<String> = []

    struct Target {
        let name: String
        let kind: String
        let dependencies: Set<String>
        var folder: URL {
            Self.folder(kind: kind, name: name)
        }
        static func folder(kind: String, name: String) -> URL {
            ModuleGraphTests.root.appendingPathComponent(kind == "testTarget" ? "Tests" : "Sources").appendingPathComponent(name)
        }
    }

    /// The targets of Package.swift with their declared dependencies (system
    /// libraries are listed with none: they have no Swift sources).
    static func targets(_ manifest: String) throws -> [Target] {
        let text = manifest.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            // Drop `// …` comments (the URLs of the package dependencies come before any target).
            guard let range = line.range(of: "//") else { return line }
            return line[..<range.lowerBound]
        }.joined(separator: "\n")
        let declaration = try Regex(#"\.(target|executableTarget|testTarget|systemLibrary)\(\s*name:\s*"([^"]+)""#)
        let starts = text.matches(of: declaration)
        var result: [Target] = []
        for (index, match) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1].range.lowerBound : text.endIndex
            let body = text[match.range.upperBound..<end]
            let kind = String(match.output[1].substring ?? "")
            let name = String(match.output[2].substring ?? "")
            var dependencies: Set<String> = []
            if let open = body.range(of: "dependencies:")?.upperBound, let bracket = body[open...].firstIndex(of: "[") {
                var depth = 0
                var close = bracket
                for position in body[bracket...].indices {
                    if body[position] == "[" { depth += 1 }
                    if body[position] == "]" { depth -= 1; if depth == 0 { close = position; break } }
                }
                var list = String(body[body.index(after: bracket)..<close])
                for product in list.matches(of: try Regex(#"\.product\(\s*name:\s*"([^"]+)"[^)]*\)"#)).reversed() {
                    dependencies.insert(String(product.output[1].substring ?? ""))
                    list.removeSubrange(product.range)
                }
                for name in list.matches(of: try Regex(#""([^"]+)""#)) {
                    dependencies.insert(String(name.output[1].substring ?? ""))
                }
            }
            result.append(Target(name: name, kind: kind, dependencies: dependencies))
        }
        return result
    }

    /// The modules named by the `import` lines of the Swift files under `folder`.
    static func imports(in folder: URL) throws -> Set<String> {
        let pattern = try Regex(#"^\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*import\s+(?:(?:struct|class|enum|protocol|typealias|func|let|var)\s+)?([A-Za-z_][A-Za-z0-9_]*)"#)
            .anchorsMatchLineEndings()
        var modules: Set<String> = []
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let source = try String(contentsOf: url.resolvingSymlinksInPath(), encoding: .utf8)
            for match in source.matches(of: pattern) { modules.insert(String(match.output[1].substring ?? "")) }
        }
        return modules
    }

    @Test("every target imports exactly the package modules and products it declares")
    func dependenciesEqualImports() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let targets = try Self.targets(manifest)
        #expect(targets.count > 10)
        #expect(targets.contains { $0.name == "msoko" && $0.kind == "executableTarget" })
        // Modules the package can name: its targets and the products it uses.
        var known = Set(targets.map(\.name))
        for target in targets { known.formUnion(target.dependencies) }
        for target in targets where target.kind != "systemLibrary" {
            let imported = try Self.imports(in: target.folder).intersection(known).subtracting([target.name])
            let declared = target.dependencies.subtracting(Self.linkOnly)
            #expect(imported.subtracting(declared).isEmpty,
                    "\(target.name) imports \(imported.subtracting(declared).sorted()) without declaring them")
            #expect(declared.subtracting(imported).isEmpty,
                    "\(target.name) declares \(declared.subtracting(imported).sorted()) but never imports them")
        }
    }

    @Test("the manifest parser reads names, products and nested lists")
    func parser() throws {
        let manifest = """
            .target(name: "A", dependencies: ["B", .product(name: "P", package: "p-kit")]), // "C"
            .target(name: "B"),
            .testTarget(name: "T", dependencies: [
                "A", // "Z"
            ], exclude: ["Fixtures"]),
            """
        let targets = try Self.targets(manifest)
        #expect(targets.map(\.name) == ["A", "B", "T"])
        #expect(targets.map(\.dependencies) == [["B", "P"], [], ["A"]])
    }
}
