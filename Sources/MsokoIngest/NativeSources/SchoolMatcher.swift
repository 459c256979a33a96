import Foundation
import MsokoModel

/// Finds the school a native source names (docs/contract.md §7.2): by its id, its
/// name or one of its aliases, ignoring case, surrounding spaces and ё/е
/// (`TextKey`). A text that two schools share (an alias given to both) is
/// ambiguous and matches none.
public struct SchoolMatcher: Sendable {
    public enum Match: Equatable, Sendable {
        case school(Int)
        case none
        case ambiguous([String])
    }

    private var positions: [String: [Int]] = [:]
    private let ids: [String]
    /// Matches already made, by the text as given: a contest list names the
    /// same few hundred schools in hundreds of thousands of rows, and
    /// folding a Cyrillic name (`TextKey.fold`, Unicode case mapping) cost
    /// nine tenths of reading one.
    private let memo = Memo()

    public init(schools: [School]) {
        ids = schools.map(\.id)
        for (position, school) in schools.enumerated() {
            for text in Set([school.id, school.name] + school.aliases).map(TextKey.fold) where !text.isEmpty {
                if !(positions[text]?.contains(position) ?? false) { positions[text, default: []].append(position) }
            }
        }
    }

    public func match(_ text: String) -> Match {
        if let known = memo.match(text) { return known }
        let match: Match
        if let found = positions[TextKey.fold(text)] {
            match = found.count == 1 ? .school(found[0]) : .ambiguous(found.map { ids[$0] })
        } else {
            match = .none
        }
        memo.remember(match, for: text)
        return match
    }

    /// The matches made so far (at most `limit` texts, so a file of
    /// millions of distinct garbage names cannot grow it without bound).
    private final class Memo: @unchecked Sendable {
        static let limit = 100_000
        private var matches: [String: Match] = [:]
        private let lock = NSLock()

        func match(_ text: String) -> Match? {
            lock.lock()
            defer { lock.unlock() }
            return matches[text]
        }

        func remember(_ match: Match, for text: String) {
            lock.lock()
            defer { lock.unlock() }
            if matches.count < Self.limit { matches[text] = match }
        }
    }

    /// Why a text matched no single school (a reject's reason).
    public static func reason(_ match: Match, text: String) -> String {
        switch match {
        case .school: return ""
        case .none:
            return text.isEmpty ? "no school named" : "`\(text)` matches no school (neither an id, a name nor an alias in schools.csv)"
        case .ambiguous(let ids):
            return "`\(text)` matches several schools (\(ids.joined(separator: ", "))): make the alias unique in schools.csv"
        }
    }
}
