import Foundation

/// Codes of the indicator table of a school's self-assessment report (the
/// appendix of Order of the Ministry of Education No. 1324 of 10.12.2013):
/// dot-separated numbers such as `1.18`, `1.19.1`, `2.4`; a trailing dot
/// (`1.18.`) is tolerated and dropped.
public enum SelfAssessmentCode {
    /// The code in its canonical text (no trailing dot), or `nil` when the
    /// text is not a code.
    public static func canonical(_ text: some StringProtocol) -> String? {
        var text = Substring(text).trimmingCharacters(in: .whitespaces)[...]
        if text.hasSuffix(".") { text = text.dropLast() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.count <= 4,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            return nil
        }
        return String(text)
    }

    public static func isCode(_ text: some StringProtocol) -> Bool { canonical(text) != nil }

    /// The numbers of a code, for ordering (`1.9` < `1.10`).
    public static func components(_ code: String) -> [Int] {
        code.split(separator: ".").compactMap { Int($0) }
    }
}
