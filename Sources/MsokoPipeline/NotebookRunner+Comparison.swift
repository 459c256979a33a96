import Foundation

/// The side-by-side table of a region `<!-- output compare=REFERENCE.csv -->`
/// after a cell: msoko's figures, read from the JSON the cell's commands
/// printed, beside a reference tool's figures computed once and committed
/// (`Notebooks-md/reference/`), so a regeneration needs no Python.
///
/// REFERENCE.csv has a header `quantity,msoko,TOOL` and one row per
/// quantity. `msoko` says what to read from the JSON: a key (`inertia`), a
/// key and an index into its array (`explained_variance_ratio[0]`), or
/// `ari(KEY,LABELS.csv)`: the adjusted Rand index between the labels of KEY
/// and the last column of LABELS.csv (a header, one label per row). The
/// third column is printed as it is, under the header TOOL.
extension NotebookRunner {
    func comparison(reference: String, printed: Printed, digits: Int?, scratch: URL) throws -> [String] {
        let file = try locate(reference, out: nil, scratch: scratch)
        let records = try Self.tableRecords(file, name: reference)
        guard let header = records.first, header.count == 3, header[1] == "msoko" else {
            throw NotebookError("\(reference): the header must be quantity,msoko,TOOL")
        }
        let objects = printed.standardOutputs.map(Self.topLevelMembers(of:))
        let member = { (key: String) throws -> String in
            guard let value = objects.lazy.compactMap({ $0[key] }).first else {
                throw NotebookError("\(reference): no command of the cell printed the key «\(key)»")
            }
            return value
        }
        let line = { (cells: [String]) in "| " + cells.joined(separator: " | ") + " |" }
        var table = [line([header[0], "msoko", header[2]]), "| --- | ---: | ---: |"]
        for (number, record) in records.enumerated().dropFirst() {
            guard record.count == 3 else {
                throw NotebookError("\(reference):\(number + 1): \(record.count) fields, not 3 (quote a field with a comma)")
            }
            let expression = record[1]
            let value: String
            if expression.hasPrefix("ari("), expression.hasSuffix(")") {
                let arguments = expression.dropFirst(4).dropLast().split(separator: ",", maxSplits: 1).map(String.init)
                guard arguments.count == 2 else { throw NotebookError("\(reference): write ari(KEY,LABELS.csv), not \(expression)") }
                let ours = try Self.integers(in: member(arguments[0]), named: arguments[0])
                let labelsFile = try locate(arguments[1], out: nil, scratch: scratch)
                let theirs = try Self.tableRecords(labelsFile, name: arguments[1]).dropFirst().compactMap { $0.last }
                guard theirs.count == ours.count else {
                    throw NotebookError("\(arguments[1]): \(theirs.count) labels, the cell printed \(ours.count)")
                }
                value = String(Self.adjustedRandIndex(ours.map(String.init), theirs))
            } else if let open = expression.firstIndex(of: "["), expression.hasSuffix("]"),
                      let position = Int(expression[expression.index(after: open)..<expression.index(before: expression.endIndex)]) {
                let key = String(expression[..<open])
                let elements = try JSONSerialization.jsonObject(with: Data(member(key).utf8)) as? [Any] ?? []
                guard position >= 0, position < elements.count, let number = elements[position] as? NSNumber else {
                    throw NotebookError("\(reference): \(expression) is not a number of the output")
                }
                value = String(number.doubleValue)
            } else {
                value = try member(expression)
            }
            table.append(line([Self.markdownCell(record[0], digits: nil), Self.markdownCell(value, digits: digits),
                               Self.markdownCell(record[2], digits: digits)]))
        }
        return table
    }

    static func integers(in json: String, named key: String) throws -> [Int] {
        guard let numbers = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [NSNumber] else {
            throw NotebookError("«\(key)» is not an array of labels")
        }
        return numbers.map(\.intValue)
    }

    /// The adjusted Rand index of two partitions of the same items (Hubert &
    /// Arabie, "Comparing partitions", J. Classif. 2, 1985), as scikit-learn's
    /// `adjusted_rand_score`: with nᵢⱼ the contingency counts, aᵢ and bⱼ its
    /// margins and C(m) = m(m − 1)/2,
    /// ARI = (Σ C(nᵢⱼ) − E) / ((Σ C(aᵢ) + Σ C(bⱼ))/2 − E), E = Σ C(aᵢ)·Σ C(bⱼ)/C(n).
    /// 1 for identical partitions up to the names of the groups, about 0 for
    /// unrelated ones; 1 when the denominator vanishes (both partitions are
    /// one group, or all singletons), as scikit-learn.
    public static func adjustedRandIndex(_ first: [String], _ second: [String]) -> Double {
        precondition(first.count == second.count, "two labellings of the same items")
        let pairs = { (count: Int) in Double(count) * Double(count - 1) / 2 }
        var cells: [String: Int] = [:], rows: [String: Int] = [:], columns: [String: Int] = [:]
        for (a, b) in zip(first, second) {
            cells[a + "\u{1F}" + b, default: 0] += 1
            rows[a, default: 0] += 1
            columns[b, default: 0] += 1
        }
        let index = cells.values.reduce(0) { $0 + pairs($1) }
        let rowPairs = rows.values.reduce(0) { $0 + pairs($1) }, columnPairs = columns.values.reduce(0) { $0 + pairs($1) }
        let expected = first.count < 2 ? 0 : rowPairs * columnPairs / pairs(first.count)
        let maximum = (rowPairs + columnPairs) / 2
        return maximum == expected ? 1 : (index - expected) / (maximum - expected)
    }
}
