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
    /// For each period number, the observation (+1) that took each
    /// school × indicator; 0 = free.
    private var taken: [[Int32]] = []
    public internal(set) var observations: [Observation] = []
    public internal(set) var withheld: [WithheldValue] = []

    public init(schools: [School], catalog: Catalog) {
        self.catalog = catalog
        self.schoolIDs = schools.map(\.id)
        for school in schools { self.schools.index(of: school.id) }
    }

    mutating func periodNumber(_ bytes: UnsafeRawBufferPointer) -> Int {
        let number = periodTexts.index(of: bytes)
        if number == periods.count {
            periods.append(Period(String(decoding: bytes, as: UTF8.self)))
            taken.append([])
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
        observations.append(observation)
        return nil
    }

    /// Takes the key for the next observation (the one appended next);
    /// returns the position of the observation that already holds it, if any.
    mutating func claim(school: Int, period: Int, indicator: Int) -> Int? {
        let width = catalog.indicators.count
        if taken[period].isEmpty { taken[period] = Array(repeating: 0, count: schoolIDs.count * width) }
        let slot = school * width + indicator
        let holder = Int(taken[period][slot])
        if holder > 0 { return holder - 1 }
        taken[period][slot] = Int32(truncatingIfNeeded: observations.count + 1)
        return nil
    }
}
