/// The observations of a run, stored by column: integer codes for the
/// school, period and indicator, the value and base as plain numbers, and
/// the place as a code and a line. A national run holds tens of millions
/// of values; as `Observation`s (over 120 bytes each, with three strings)
/// they dominated the run's memory and the analysis's time.
///
/// It is a collection of `Observation`s too: `panel[i]` makes the value of
/// row `i` on demand, so code that reads a few observations needs no
/// codes. The analysis reads the columns.
///
/// Codes are positions in the dictionaries (`schoolIDs`, `periods`,
/// `indicatorIDs`, `places`), given in the order texts are first met
/// (or seeded, see `init(schoolIDs:indicatorIDs:)`). A dictionary may hold an
/// entry no row uses.
public struct ObservationPanel: RandomAccessCollection, Equatable, Sendable {
    /// Where rows come from, without the line: the file as named in the
    /// pipeline, the column, and a place given by the input itself (see `SourceRow`).
    public struct Place: Hashable, Sendable {
        public let file: String
        public let column: String?
        public let original: String?

        public init(file: String, column: String? = nil, original: String? = nil) {
            self.file = file
            self.column = column
            self.original = original
        }
    }

    /// Distinct keys numbered in order of first appearance. The last key
    /// met is remembered: rows come in runs of one school or one file, and
    /// comparing strings that share their storage costs less than hashing.
    struct Interned<Key: Hashable & Sendable>: Sendable {
        private(set) var keys: [Key] = []
        private var codes: [Key: Int32] = [:]
        private var last: (key: Key, code: Int32)?

        func code(_ key: Key) -> Int32? { codes[key] }

        mutating func intern(_ key: Key) -> Int32 {
            if let last, last.key == key { return last.code }
            let code: Int32
            if let known = codes[key] {
                code = known
            } else {
                code = Int32(keys.count)
                keys.append(key)
                codes[key] = code
            }
            last = (key, code)
            return code
        }

        /// Adds a key that is not looked up again (its own code, no entry
        /// in the hash table).
        mutating func appendUnique(_ key: Key) -> Int32 {
            keys.append(key)
            return Int32(keys.count - 1)
        }
    }

    // Dictionaries: code → key.
    private var schoolDictionary = Interned<String>()
    private var periodDictionary = Interned<Period>()
    private var indicatorDictionary = Interned<String>()
    private var placeDictionary = Interned<Place>()
    public var schoolIDs: [String] { schoolDictionary.keys }
    public var periods: [Period] { periodDictionary.keys }
    public var indicatorIDs: [String] { indicatorDictionary.keys }
    public var places: [Place] { placeDictionary.keys }

    // Columns: one entry per row.
    public private(set) var schoolColumn: [Int32] = []
    public private(set) var periodColumn: [Int32] = []
    public private(set) var indicatorColumn: [Int32] = []
    /// The value, 0 where missing (see `hasValue`).
    public private(set) var valueColumn: [Double] = []
    /// The base, 0 where none (see `hasBase`).
    public private(set) var baseColumn: [Double] = []
    /// Bit 0: the row has a value; bit 1: it has a base.
    private var presence: [UInt8] = []
    public private(set) var placeColumn: [Int32] = []
    public private(set) var lineColumn: [Int] = []

    public init() {}

    /// An empty panel whose school and indicator codes are the positions
    /// in `schoolIDs` and `indicatorIDs` (the schools table's order and the
    /// catalog's), so a reader that numbers them so needs no lookup.
    public init(schoolIDs: [String], indicatorIDs: [String]) {
        for id in schoolIDs { _ = code(school: id) }
        for id in indicatorIDs { _ = code(indicator: id) }
    }

    public init(_ observations: some Sequence<Observation>) {
        self.init()
        reserveCapacity(observations.underestimatedCount)
        for observation in observations { append(observation) }
    }

    // MARK: Collection

    public var startIndex: Int { 0 }
    public var endIndex: Int { schoolColumn.count }

    /// Row `i` as an `Observation`.
    public subscript(position: Int) -> Observation {
        Observation(schoolID: schoolIDs[Int(schoolColumn[position])], period: period(at: position),
                    indicatorID: indicatorIDs[Int(indicatorColumn[position])], value: value(at: position),
                    base: base(at: position), source: source(at: position))
    }

    public static func == (left: ObservationPanel, right: ObservationPanel) -> Bool {
        left.count == right.count && left.elementsEqual(right)
    }

    // MARK: Reading a row

    @inline(__always) public func hasValue(_ row: Int) -> Bool { presence[row] & 1 != 0 }
    @inline(__always) public func hasBase(_ row: Int) -> Bool { presence[row] & 2 != 0 }
    public func value(at row: Int) -> Double? { hasValue(row) ? valueColumn[row] : nil }
    public func base(at row: Int) -> Double? { hasBase(row) ? baseColumn[row] : nil }
    public func period(at row: Int) -> Period { periods[Int(periodColumn[row])] }

    public func source(at row: Int) -> SourceRow {
        let place = places[Int(placeColumn[row])]
        return SourceRow(file: place.file, line: lineColumn[row], column: place.column, original: place.original)
    }

    /// The code of a school id, if any row or seed has it.
    public func schoolCode(_ id: String) -> Int32? { schoolDictionary.code(id) }
    public func indicatorCode(_ id: String) -> Int32? { indicatorDictionary.code(id) }
    public func periodCode(_ period: Period) -> Int32? { periodDictionary.code(period) }

    /// The periods of the rows (only of rows with a value when
    /// `withValue`), distinct and sorted.
    public func presentPeriods(withValue: Bool = false) -> [Period] {
        var present = [Bool](repeating: false, count: periods.count)
        for row in indices where !withValue || presence[row] & 1 != 0 { present[Int(periodColumn[row])] = true }
        return periods.indices.filter { present[$0] }.map { periods[$0] }.sorted()
    }

    // MARK: Building

    public mutating func code(school id: String) -> Int32 { schoolDictionary.intern(id) }
    public mutating func code(indicator id: String) -> Int32 { indicatorDictionary.intern(id) }
    public mutating func code(period: Period) -> Int32 { periodDictionary.intern(period) }
    /// A place with an `original` (an exported file's `source` column, one
    /// per row) gets a code of its own without a hash-table entry.
    public mutating func code(place: Place) -> Int32 {
        place.original == nil ? placeDictionary.intern(place) : placeDictionary.appendUnique(place)
    }

    public mutating func reserveCapacity(_ count: Int) {
        schoolColumn.reserveCapacity(count)
        periodColumn.reserveCapacity(count)
        indicatorColumn.reserveCapacity(count)
        valueColumn.reserveCapacity(count)
        baseColumn.reserveCapacity(count)
        presence.reserveCapacity(count)
        placeColumn.reserveCapacity(count)
        lineColumn.reserveCapacity(count)
    }

    /// Appends a row given by codes (each from this panel's `code(…)`).
    public mutating func append(school: Int32, period: Int32, indicator: Int32, value: Double?, base: Double?,
                                place: Int32, line: Int) {
        schoolColumn.append(school)
        periodColumn.append(period)
        indicatorColumn.append(indicator)
        valueColumn.append(value ?? 0)
        baseColumn.append(base ?? 0)
        presence.append((value == nil ? 0 : 1) | (base == nil ? 0 : 2))
        placeColumn.append(place)
        lineColumn.append(line)
    }

    public mutating func append(_ observation: Observation) {
        let source = observation.source
        append(school: code(school: observation.schoolID), period: code(period: observation.period),
               indicator: code(indicator: observation.indicatorID), value: observation.value, base: observation.base,
               place: code(place: Place(file: source.file, column: source.column, original: source.original)),
               line: source.line)
    }
}
