import Foundation

extension XLSXReader {
    // MARK: - Styles

    /// How a cell style shows a number.
    enum NumberFormatKind: Equatable {
        case general
        case percent
        case date
        case dateTime
    }

    /// The number format kind of every cell style (`cellXfs`), by style index.
    static func readStyles(_ archive: inout OfficeArchive, workbook: Workbook) throws -> [NumberFormatKind] {
        let path = workbook.stylesPath ?? "xl/styles.xml"
        guard let bytes = try archive.read(path) else { return [] }
        var codes: [Int: String] = [:]
        var formatIDs: [Int] = []
        var inCellFormats = false
        var tokenizer = XMLTokenizer(bytes: bytes)
        do {
            while true {
                let event = try tokenizer.next()
                if event == .endOfDocument { break }
                if event == .startElement {
                    if tokenizer.nameIs("numFmt"), let id = tokenizer.attribute("numFmtId").flatMap({ Int($0) }) {
                        codes[id] = tokenizer.attribute("formatCode") ?? ""
                    } else if tokenizer.nameIs("cellXfs") {
                        inCellFormats = true
                    } else if inCellFormats, tokenizer.nameIs("xf") {
                        formatIDs.append(tokenizer.attribute("numFmtId").flatMap { Int($0) } ?? 0)
                    }
                } else if event == .endElement, tokenizer.nameIs("cellXfs") {
                    inCellFormats = false
                }
            }
        } catch {
            throw archive.malformed(path, error)
        }
        return formatIDs.map { id in
            if let code = codes[id] { return formatKind(code: code) }
            return builtinFormatKind(id)
        }
    }

    /// The kinds of the built-in formats (ECMA-376 Part 1, §18.8.30) that
    /// this reader honours: 9 `0%`, 10 `0.00%`; 14–17 dates; 18–21 times,
    /// 22 date and time, 45–47 minutes and seconds.
    static func builtinFormatKind(_ id: Int) -> NumberFormatKind {
        switch id {
        case 9, 10: return .percent
        case 14...17: return .date
        case 18...22, 45...47: return .dateTime
        default: return .general
        }
    }

    /// The kind of a custom format code. Quoted text, `\`-escaped characters,
    /// the padding and fill characters after `_` and `*`, and bracketed
    /// colours and locales (`[Red]`, `[$-419]`) are literal, so they do not
    /// count; elapsed-time brackets (`[h]`, `[mm]`, `[ss]`) do.
    static func formatKind(code: String) -> NumberFormatKind {
        var hasDate = false, hasTime = false, hasPercent = false
        var characters = code.lowercased().makeIterator()
        while let character = characters.next() {
            switch character {
            case "\"":
                while let next = characters.next(), next != "\"" {}
            case "\\", "_", "*":
                _ = characters.next()
            case "[":
                var inside = ""
                while let next = characters.next(), next != "]" { inside.append(next) }
                if !inside.isEmpty, inside.allSatisfy({ "hms".contains($0) }) { hasTime = true }
            case "h", "s":
                hasTime = true
            case "d", "m", "y":
                hasDate = true
            case "%":
                hasPercent = true
            default:
                break
            }
        }
        if hasTime { return .dateTime }
        if hasDate { return .date }
        return hasPercent ? .percent : .general
    }
}
