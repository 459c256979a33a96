import Foundation
import MsokoModel

/// The ledger of the observations of a run as they are read, table after table, with the
/// interned names that make reading fast and the keys already taken (a
/// second value for the same school, period and indicator is a duplicate).
public struct ObservationLedger: Sendable {
    public let catalog: Catalog
    /// Schools by interned id (the ids of `schools.csv`, in order).
    public private(set) var schools = ByteInterner()
    public let schoolIDs: [String]
    /// Interned period texts and what they parse to (`nil`: malformed).
    private var periodTexts = ByteInterner()
    public private(set) var periods: [Period?] = []
    /// Interned indicator texts and their catalog positions (`nil`: unknown).
    private var indicatorTexts = ByteInterner()
    public private(set) var indicatorPositions: [Int?] = []
    /// For each period number, a bit per school × indicator: taken. A
    /// national file's keys fit in the cache as bits, not as row numbers;
    /// the row holding a key is looked up only for a duplicate (`holders`).
    private var taken: [[UInt64]] = []
    /// The row of each key taken, by (period number, school × indicator);
    /// built at the first duplicate, kept up to date from then on.
    private var holders: [Int: Int]?
    /// Each period number's code in `observations` (-1: none yet).
    private var periodCodes: [Int32] = []
    /// The observations taken, by column; school codes are positions in
    /// `schoolIDs`, indicator codes positions in the catalog.
    public internal(set) var observations: ObservationPanel
    public internal(set) var withheld: [WithheldValue] = []

    public init(schools: [School], catalog: Catalog) {
        self.catalog = catalog
        self.schoolIDs = schools.map(\.id)
        for school in schools { self.schools.index(of: school.id) }
        observations = ObservationPanel(schoolIDs: schoolIDs, indicatorIDs: catalog.indicators.map(\.id))
    }

    /// The number of a period's text (`guess`: see `ByteInterner.index(of:guess:)`).
    mutating func periodNumber(_ bytes: UnsafeRawBufferPointer, guess: Int = -1) -> Int {
        let number = periodTexts.index(of: bytes, guess: guess)
        if number == periods.count {
            periods.append(Period(String(decoding: bytes, as: UTF8.self)))
            taken.append([])
            periodCodes.append(-1)
        }
        return number
    }

    mutating func indicatorNumber(_ bytes: UnsafeRawBufferPointer) -> Int {
        let number = indicatorTexts.index(of: bytes)
        if number == indicatorPositions.count {
            let id = String(decoding: bytes, as: UTF8.self)
            indicatorPositions.append(catalog.indicators.firstIndex { $0.id == id })
        }
        return number
    }

    /// The number of a period given as a value (a source's `period`).
    mutating func periodNumber(for period: Period) -> Int {
        var text = period.description
        return text.withUTF8 { periodNumber(UnsafeRawBufferPointer($0)) }
    }

    /// The position of a school id in `schools.csv`.
    public func schoolNumber(_ id: String) -> Int? {
        var id = id
        return id.withUTF8 { schools.find(UnsafeRawBufferPointer($0)) }
    }

    /// Adds an observation unless its key is taken; returns the observation
    /// that holds the key, if any (then nothing is added).
    mutating func add(_ observation: Observation, school: Int, period: Int, indicator: Int) -> Observation? {
        if let holder = claim(school: school, period: period, indicator: indicator) { return observations[holder] }
        let source = observation.source
        let place = observations.code(place: .init(file: source.file, column: source.column, original: source.original))
        observations.append(school: Int32(school), period: periodCode(period), indicator: Int32(indicator),
                            value: observation.value, base: observation.base, place: place, line: source.line)
        return nil
    }

    /// The panel's code of a (well-formed) period number.
    mutating func periodCode(_ number: Int) -> Int32 {
        if periodCodes[number] < 0 { periodCodes[number] = observations.code(period: periods[number]!) }
        return periodCodes[number]
    }

    /// Takes the key for the next observation (the one appended next);
    /// returns the position of the observation that already holds it, if any.
    mutating func claim(school: Int, period: Int, indicator: Int) -> Int? {
        let width = catalog.indicators.count
        let keys = schoolIDs.count * width
        if taken[period].isEmpty { taken[period] = Array(repeating: 0, count: (keys + 63) / 64) }
        let slot = school * width + indicator
        let bit: UInt64 = 1 << UInt64(slot & 63)
        let isTaken = taken[period][slot >> 6] & bit != 0
        if isTaken || holders != nil {
            if holders == nil { holders = takenRows() }
            let key = period * keys + slot
            if isTaken { return holders![key] }
            holders![key] = observations.count
        }
        taken[period][slot >> 6] |= bit
        return nil
    }

    /// The row of every key taken so far (the rows of the panel, by key).
    private func takenRows() -> [Int: Int] {
        let width = catalog.indicators.count
        let keys = schoolIDs.count * width
        var numbers: [Int32: Int] = [:]
        for (number, code) in periodCodes.enumerated() where code >= 0 { numbers[code] = number }
        var rows: [Int: Int] = [:]
        for row in observations.indices {
            let slot = Int(observations.schoolColumn[row]) * width + Int(observations.indicatorColumn[row])
            rows[numbers[observations.periodColumn[row]]! * keys + slot] = row
        }
        return rows
    }
}

/// The previous row's key of one column and what it resolved to: a
/// sorted file repeats a school or a period on many rows in a row, and a
/// comparison of a few bytes is cheaper than a hash lookup. On a change,
/// the lookup is given a guess, the number after the previous result: a
/// sorted file meets schools and periods in the order they are numbered.
///
/// It keeps the previous key, a pointer into the table's bytes, so it
/// lives inside the `TableDocument.withCellBytes(_:)` body that lends the
/// keys (the lifetime rule of `CellBytes`).
struct RepeatedCell {
    private var previous = UnsafeRawBufferPointer(start: nil, count: 0)
    private var result: Int?

    /// `lookup(key, guess)`, or the previous result when `key` repeats the previous key.
    @inline(__always)
    mutating func resolve(_ key: UnsafeRawBufferPointer, _ lookup: (_ key: UnsafeRawBufferPointer, _ guess: Int) -> Int?) -> Int? {
        if let result, key.count == previous.count,
           key.count == 0 || ByteInterner.equal(previous.baseAddress!, key.baseAddress!, count: key.count) {
            return result
        }
        result = lookup(key, (result ?? -2) + 1)
        previous = key
        return result
    }
}
