import Foundation

/// The level of a contest (docs/contract.md §7.2), as the 1324 form counts prize
/// winners by level (1.19.1 regional, 1.19.2 federal, 1.19.3 international).
public enum ContestLevel: String, Sendable, CaseIterable {
    case school, municipal, regional, federal, international

    /// The English or Russian name, under `TextKey.fold` (any case, spaces
    /// around, ё/е): school/школьный, municipal/муниципальный,
    /// regional/региональный, federal/all-Russian/всероссийский,
    /// international/международный. `nil` for any other text.
    public init?(text: String) { self.init(folded: TextKey.fold(text)) }

    /// The level of a text already under `TextKey.fold`.
    public init?(folded key: String) {
        guard let level = Self.names[key] else { return nil }
        self = level
    }

    private static let names: [String: ContestLevel] = [
        "school": .school, "школьный": .school,
        "municipal": .municipal, "муниципальный": .municipal,
        "regional": .regional, "региональный": .regional,
        "federal": .federal, "all-russian": .federal, "всероссийский": .federal,
        "international": .international, "международный": .international,
    ]
}

/// A student's result in a contest (docs/contract.md §7.2).
public enum ContestResult: String, Sendable {
    case participant, prizeWinner = "prize_winner", winner

    /// participant/участник; prize winner/призёр (призер)/лауреат/дипломант;
    /// winner/победитель — under `TextKey.fold`. `nil` for any other text.
    public init?(text: String) { self.init(folded: TextKey.fold(text)) }

    /// The result of a text already under `TextKey.fold`.
    public init?(folded key: String) {
        guard let result = Self.names[key] else { return nil }
        self = result
    }

    /// A prize or a win: what the 1324 form's 1.19 counts.
    public var isPrize: Bool { self != .participant }

    private static let names: [String: ContestResult] = [
        "participant": .participant, "участник": .participant,
        "prize winner": .prizeWinner, "prize_winner": .prizeWinner,
        "призер": .prizeWinner, "лауреат": .prizeWinner, "дипломант": .prizeWinner,
        "winner": .winner, "победитель": .winner,
    ]
}

/// One row of a contest list: a student's entry in one contest, school matched.
public struct ContestEntry: Sendable {
    /// Index into the caller's school list.
    public var school: Int
    /// The row's place in its file (for the caller's messages).
    public var line: Int
    /// The student's id or name as the list writes it (personal data: never output).
    public var student: String
    public var level: String
    public var result: String

    public init(school: Int, line: Int, student: String, level: String, result: String) {
        self.school = school
        self.line = line
        self.student = student
        self.level = level
        self.result = result
    }
}

/// A school's contest figures. Counts are of distinct students; rates are
/// percentages.
public struct ContestSchoolResult: Sendable, Equatable {
    public var school: Int
    /// Distinct students with an entry.
    public var participants: Int
    /// Distinct students with a prize or a win at any level (an unknown or
    /// empty level included).
    public var prizeWinners: Int
    /// Distinct students with a prize or a win at that level (1324 form
    /// 1.19.1–1.19.3).
    public var regionalPrizeWinners: Int
    public var federalPrizeWinners: Int
    public var internationalPrizeWinners: Int
    /// The counts above / `students` × 100; `nil` when `students` is unknown
    /// (or zero).
    public var participation: Double?
    public var prizeShare: Double?
    public var regionalShare: Double?
    public var federalShare: Double?
    public var internationalShare: Double?
    /// prizeWinners / participants × 100.
    public var prizeRate: Double?
    /// The names (`participation`, `prize_share`, `regional_share`,
    /// `federal_share`, `international_share`, `prize_rate`) of the rates
    /// above 100: the caller rejects those figures, naming both counts.
    public var overHundred: [String]

    public init(school: Int, participants: Int, prizeWinners: Int, regionalPrizeWinners: Int,
                federalPrizeWinners: Int, internationalPrizeWinners: Int, participation: Double?,
                prizeShare: Double?, regionalShare: Double?, federalShare: Double?,
                internationalShare: Double?, prizeRate: Double?, overHundred: [String]) {
        self.school = school
        self.participants = participants
        self.prizeWinners = prizeWinners
        self.regionalPrizeWinners = regionalPrizeWinners
        self.federalPrizeWinners = federalPrizeWinners
        self.internationalPrizeWinners = internationalPrizeWinners
        self.participation = participation
        self.prizeShare = prizeShare
        self.regionalShare = regionalShare
        self.federalShare = federalShare
        self.internationalShare = internationalShare
        self.prizeRate = prizeRate
        self.overHundred = overHundred
    }
}

public struct ContestAggregate: Sendable {
    /// Ordered by school index; only schools with at least one entry that
    /// names a student.
    public var schools: [ContestSchoolResult]
    /// Distinct level texts that are not a level (folded: lowercase, ё as е,
    /// spaces folded; an empty cell is ""), with their row counts. Such rows
    /// still count for participation; the caller reports each text once.
    public var unknownLevels: [String: Int]
    /// The same for result texts; such a row is not a prize.
    public var unknownResults: [String: Int]
    /// Entries whose student cell is empty: no one to count, so they are
    /// left out of every figure (the caller rejects those rows).
    public var entriesWithoutStudent: Int
}

/// The arithmetic of `kind: contests` and `kind: enrolments` sources
/// (docs/contract.md §7.2). Pure: rows with matched schools come in, figures come out.
///
/// Students (and children) are distinct within a school: the same id in two
/// schools is two people. Ids are compared after trimming surrounding
/// whitespace only — not case-folded, since an id like `ab12` and `AB12`
/// may be two codes of a register.
public enum ContestAggregation {
    /// - Parameters:
    ///   - entries: the contest rows, each with its matched school.
    ///   - students: `students[school]` from `schools.csv`; `nil`,
    ///     zero or an index past its end = unknown, and the school gets no
    ///     share (its `prizeRate` is still given).
    public static func aggregate(_ entries: [ContestEntry], students: [Int?]) -> ContestAggregate {
        struct Tally {
            var participants: Set<String> = []
            var prize: Set<String> = []
            var prizeAt: [ContestLevel: Set<String>] = [:]
        }
        var tallies: [Int: Tally] = [:]
        var unknownLevels: [String: Int] = [:]
        var unknownResults: [String: Int] = [:]
        var withoutStudent = 0
        var keys = TextKey.Cache()
        for entry in entries {
            let student = studentKey(entry.student)
            guard !student.isEmpty else {
                withoutStudent += 1
                continue
            }
            let levelKey = keys.fold(entry.level), resultKey = keys.fold(entry.result)
            let level = ContestLevel(folded: levelKey)
            if level == nil { unknownLevels[levelKey, default: 0] += 1 }
            let result = ContestResult(folded: resultKey)
            if result == nil { unknownResults[resultKey, default: 0] += 1 }
            tallies[entry.school, default: Tally()].participants.insert(student)
            if result?.isPrize == true {
                tallies[entry.school]!.prize.insert(student)
                if let level { tallies[entry.school]!.prizeAt[level, default: []].insert(student) }
            }
        }
        let schools = tallies.keys.sorted().map { school in
            let tally = tallies[school]!
            let total = knownStudents(school, students)
            let count = { (level: ContestLevel) in tally.prizeAt[level]?.count ?? 0 }
            let rates: [(name: String, value: Double?)] = [
                ("participation", percentage(tally.participants.count, of: total)),
                ("prize_share", percentage(tally.prize.count, of: total)),
                ("regional_share", percentage(count(.regional), of: total)),
                ("federal_share", percentage(count(.federal), of: total)),
                ("international_share", percentage(count(.international), of: total)),
                ("prize_rate", percentage(tally.prize.count, of: tally.participants.count)),
            ]
            return ContestSchoolResult(
                school: school, participants: tally.participants.count, prizeWinners: tally.prize.count,
                regionalPrizeWinners: count(.regional), federalPrizeWinners: count(.federal),
                internationalPrizeWinners: count(.international),
                participation: rates[0].value, prizeShare: rates[1].value, regionalShare: rates[2].value,
                federalShare: rates[3].value, internationalShare: rates[4].value, prizeRate: rates[5].value,
                overHundred: rates.filter { ($0.value ?? 0) > 100 }.map(\.name))
        }
        return ContestAggregate(schools: schools, unknownLevels: unknownLevels, unknownResults: unknownResults,
                                entriesWithoutStudent: withoutStudent)
    }

    /// Coverage by additional education (`kind: enrolments`): distinct
    /// children / `students` × 100 per school, a child enrolled in several
    /// programmes counted once. Ordered by school index; a child cell that
    /// is empty after trimming is left out. `coverage` is `nil` when
    /// `students` is unknown or zero; `overHundred` flags a coverage above
    /// 100, which the caller rejects naming both counts.
    public static func coverage(children: [(school: Int, child: String)], students: [Int?])
        -> [(school: Int, children: Int, coverage: Double?, overHundred: Bool)] {
        var distinct: [Int: Set<String>] = [:]
        for enrolment in children {
            let child = studentKey(enrolment.child)
            guard !child.isEmpty else { continue }
            distinct[enrolment.school, default: []].insert(child)
        }
        return distinct.keys.sorted().map { school in
            let count = distinct[school]!.count
            let coverage = percentage(count, of: knownStudents(school, students))
            return (school, count, coverage, (coverage ?? 0) > 100)
        }
    }

    /// A student's or child's id as compared: surrounding whitespace
    /// (including no-break spaces) trimmed, nothing else changed.
    static func studentKey(_ text: String) -> String {
        // Most codes have nothing to trim: those are returned as they are
        // (Foundation's trimming makes a new string through NSString).
        let scalars = text.unicodeScalars
        if let first = scalars.first, let last = scalars.last,
           !CharacterSet.whitespacesAndNewlines.contains(first), !CharacterSet.whitespacesAndNewlines.contains(last) {
            return text
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func knownStudents(_ school: Int, _ students: [Int?]) -> Int? {
        guard school >= 0, school < students.count, let count = students[school], count > 0 else { return nil }
        return count
    }

    private static func percentage(_ count: Int, of total: Int?) -> Double? {
        guard let total, total > 0 else { return nil }
        return Double(count) / Double(total) * 100
    }
}
