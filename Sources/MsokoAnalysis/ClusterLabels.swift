import MsokoModel

/// The bilingual labels of the clusters (step 7 of `ClusterStage`): the
/// words of the report, kept apart from the computation of the stage.
extension ClusterStage {
    /// The label of a cluster from its area means against the district's.
    static func describe(areaMeans: [Double?], district: [Double?], areaIDs: [String], catalog: Catalog) -> LocalizedText {
        var differences: [(area: Int, difference: Double)] = []
        for area in areaIDs.indices {
            if let value = areaMeans[area], let reference = district[area] { differences.append((area, value - reference)) }
        }
        let strengths = differences.filter { $0.difference >= labelThreshold }
            .sorted { $0.difference != $1.difference ? $0.difference > $1.difference : $0.area < $1.area }
        let gaps = differences.filter { $0.difference <= -labelThreshold }
            .sorted { $0.difference != $1.difference ? $0.difference < $1.difference : $0.area < $1.area }
        func names(_ list: [(area: Int, difference: Double)], _ language: Language) -> String {
            let texts = list.prefix(2).map { item -> String in
                let id = areaIDs[item.area]
                return midSentence(catalog.area(id)?.name[language] ?? id)
            }
            // Area names contain "и"/"and" themselves: Russian lists them with
            // a comma, English repeats the preposition ("in A and in B").
            return texts.joined(separator: language == .ru ? ", " : " and in ")
        }
        if differences.count >= 3, strengths.count == differences.count {
            return LocalizedText(ru: "лидеры по всем направлениям", en: "leaders in all areas")
        }
        if differences.count >= 3, gaps.count == differences.count {
            return LocalizedText(ru: "отставание по всем направлениям", en: "lagging in all areas")
        }
        switch (strengths.isEmpty, gaps.isEmpty) {
        case (false, false):
            return LocalizedText(ru: "лидеры: \(names(strengths, .ru)); отставание: \(names(gaps, .ru))",
                                 en: "leaders in \(names(strengths, .en)), lagging in \(names(gaps, .en))")
        case (false, true):
            return LocalizedText(ru: "лидеры: \(names(strengths, .ru))", en: "leaders in \(names(strengths, .en))")
        case (true, false):
            return LocalizedText(ru: "отставание: \(names(gaps, .ru))", en: "lagging in \(names(gaps, .en))")
        case (true, true):
            return LocalizedText(ru: "на уровне района", en: "at the district level")
        }
    }

    /// A name as it reads inside a sentence: the first letter lowered unless
    /// the word is an abbreviation (its second letter is upper case: «РДШ»).
    static func midSentence(_ name: String) -> String {
        guard let first = name.first else { return name }
        let rest = name.dropFirst()
        if let second = rest.first, second.isUppercase { return name }
        return first.lowercased() + rest
    }

    /// Appends the cluster number to labels that would otherwise repeat.
    static func disambiguate(_ clusters: inout [ClusterProfile]) {
        var seen: [LocalizedText: Int] = [:]
        for cluster in clusters { seen[cluster.label, default: 0] += 1 }
        for index in clusters.indices where seen[clusters[index].label, default: 0] > 1 {
            let label = clusters[index].label
            clusters[index].label = LocalizedText(ru: "\(label.ru) (группа \(clusters[index].id))",
                                                  en: "\(label.en) (group \(clusters[index].id))")
        }
    }
}
