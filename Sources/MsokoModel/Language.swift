/// The language of reports: Russian for the analyst by default, English on request.
public enum Language: String, Codable, CaseIterable, Sendable {
    case ru, en
}

/// A text in both report languages.
public struct LocalizedText: Hashable, Codable, Sendable {
    public var ru: String
    public var en: String

    public init(ru: String, en: String) {
        self.ru = ru
        self.en = en
    }

    public subscript(language: Language) -> String {
        switch language {
        case .ru: return ru
        case .en: return en
        }
    }
}
