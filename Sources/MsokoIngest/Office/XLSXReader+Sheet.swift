extension XLSXReader {
    /// The streaming pass over one worksheet part (`CT_Worksheet`): only
    /// `sheetData` matters; merged cells need nothing, since the XML already
    /// keeps the text in a merge's first cell and leaves the others empty.
    struct SheetParser {
        private var tokenizer: XMLTokenizer
        private let sharedStrings: [String]
        private let styles: [NumberFormatKind]
        private let date1904: Bool
        private let place: String
        private let limits: OfficeLimits

        private var rows: [CellGrid.Row] = []
        private var cellCount = 0
        private var rowNumber = 0
        private var cells: [String] = []
        private var column = -1

        // The cell being read.
        private var cellType = CellType.number
        private var cellStyle = 0
        private var inValue = false
        private var valueRange: Range<Int>?
        private var valueText: String?
        private var inInlineString = false
        private var inlineText = RichText()

        enum CellType {
            case number, sharedString, inlineString, formulaString, boolean, error, isoDate
        }

        init(bytes: [UInt8], sharedStrings: [String], styles: [NumberFormatKind], date1904: Bool,
             place: String, limits: OfficeLimits) {
            tokenizer = XMLTokenizer(bytes: bytes)
            self.sharedStrings = sharedStrings
            self.styles = styles
            self.date1904 = date1904
            self.place = place
            self.limits = limits
        }

        mutating func parse() throws -> [CellGrid.Row] {
            while true {
                switch try tokenizer.next() {
                case .endOfDocument:
                    return rows
                case .startElement:
                    try startElement()
                case .endElement:
                    try endElement()
                case .text:
                    if inValue {
                        if let range = valueRange {
                            // A value split by a comment or CDATA: rare, so join as text.
                            valueText = (valueText ?? tokenizer.text(range)) + tokenizer.text()
                            valueRange = tokenizer.textStart..<tokenizer.textEnd
                        } else {
                            valueRange = tokenizer.textStart..<tokenizer.textEnd
                        }
                    } else if inInlineString {
                        inlineText.append(tokenizer)
                    }
                }
            }
        }

        private func decodedRange(_ range: Range<Int>) -> String {
            String(decoding: tokenizer.bytes[range], as: UTF8.self)
        }

        private mutating func startElement() throws {
            if tokenizer.nameIs("c") {
                column = tokenizer.attributeRange("r").flatMap(columnIndex) ?? column + 1
                guard column < limits.maxCells else { throw tooManyCells() }
                cellType = tokenizer.attributeRange("t").map(cellType) ?? .number
                cellStyle = tokenizer.attributeRange("s").flatMap(integer) ?? 0
                valueRange = nil
                valueText = nil
                inlineText = RichText()
            } else if tokenizer.nameIs("v") {
                inValue = true
            } else if tokenizer.nameIs("is") {
                inInlineString = true
            } else if inInlineString {
                inlineText.start(tokenizer)
            } else if tokenizer.nameIs("row") {
                rowNumber = tokenizer.attributeRange("r").flatMap(integer) ?? rowNumber + 1
                column = -1
                cells.removeAll(keepingCapacity: true)
            }
        }

        private mutating func endElement() throws {
            if tokenizer.nameIs("v") {
                inValue = false
            } else if tokenizer.nameIs("is") {
                inInlineString = false
            } else if inInlineString {
                inlineText.end(tokenizer)
            } else if tokenizer.nameIs("c") {
                let text = cellText()
                guard !text.isEmpty else { return }
                if column >= cells.count {
                    cells.append(contentsOf: repeatElement("", count: column - cells.count))
                    cells.append(text)
                } else {
                    cells[column] = text
                }
            } else if tokenizer.nameIs("row") {
                guard !cells.isEmpty else { return }
                cellCount += cells.count
                guard cellCount <= limits.maxCells else { throw tooManyCells() }
                rows.append(CellGrid.Row(number: rowNumber, cells: cells))
                cells.removeAll(keepingCapacity: true)
            }
        }

        private func tooManyCells() -> IngestError {
            OfficeArchive.tooManyCells(file: place, limits: limits, subject: "the sheet has")
        }

        /// The text the cell shows (see `XLSXReader`).
        private func cellText() -> String {
            switch cellType {
            case .inlineString:
                return inlineText.value
            case .sharedString:
                guard let index = valueText.flatMap({ Int($0) }) ?? valueRange.flatMap(integer),
                      sharedStrings.indices.contains(index) else { return "" }
                return sharedStrings[index]
            case .formulaString, .error:
                return value() ?? ""
            case .isoDate:
                return value().map(isoDateText) ?? ""
            case .boolean:
                guard let value = value() else { return "" }
                return value == "1" || value.lowercased() == "true" ? "1" : "0"
            case .number:
                guard let number = numberValue() else { return value() ?? "" }
                let kind = styles.indices.contains(cellStyle) ? styles[cellStyle] : .general
                switch kind {
                case .general: return numberText(number)
                case .percent: return percentText(number)
                case .date, .dateTime:
                    return dateText(serial: number, date1904: date1904, withTime: kind == .dateTime) ?? numberText(number)
                }
            }
        }

        private func value() -> String? {
            if let valueText { return RichText.unescape(valueText) }
            guard let valueRange else { return nil }
            return RichText.unescape(tokenizer.text(valueRange))
        }

        private func numberValue() -> Double? {
            if let valueText { return Double(valueText.trimmingCharacters(in: .whitespaces)) }
            guard let range = valueRange, !range.isEmpty else { return nil }
            return tokenizer.bytes.withUnsafeBufferPointer { buffer in
                NumberParser.parse(buffer, from: range.lowerBound, to: range.upperBound)
            }
        }

        private func cellType(_ range: Range<Int>) -> CellType {
            switch decodedRange(range) {
            case "s": return .sharedString
            case "inlineStr": return .inlineString
            case "str": return .formulaString
            case "b": return .boolean
            case "e": return .error
            case "d": return .isoDate
            default: return .number
            }
        }

        /// A non-negative decimal integer, or `nil`.
        private func integer(_ range: Range<Int>) -> Int? {
            guard !range.isEmpty, range.count <= 18 else { return nil }
            var value = 0
            for index in range {
                let digit = tokenizer.bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }

        /// The 0-based column of a cell reference such as `AB12` (the letters;
        /// `$` is tolerated), or `nil` when there are no letters.
        private func columnIndex(_ range: Range<Int>) -> Int? {
            var value = 0
            var letters = 0
            for index in range {
                let byte = tokenizer.bytes[index] | 0x20   // lower-case
                if byte == UInt8(ascii: "$") | 0x20 { continue }
                guard byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") else { break }
                letters += 1
                guard letters <= 7 else { return Int.max }
                value = value * 26 + Int(byte - UInt8(ascii: "a")) + 1
            }
            return letters == 0 ? nil : value - 1
        }
    }
}
