import Foundation
import MsokoAnalysis
import MsokoModel

/// Everything a term report is built from.
public struct ReportContext: Sendable {
    public let title: String
    public let language: Language
    public let catalog: Catalog
    public let dataset: Dataset
    public let period: Period
    /// The report's date as text, from the pipeline (`report_date`) or
    /// `SOURCE_DATE_EPOCH`; never the clock, so reruns are byte-identical.
    public let reportDate: String?
    public let analysis: TermAnalysisResult
    public let clusters: ClusterAnalysis
    /// The settings the clusters were made with (for the method note).
    public let clustering: ClusteringSettings

    public init(title: String, language: Language, catalog: Catalog, dataset: Dataset, period: Period, reportDate: String?,
                analysis: TermAnalysisResult, clusters: ClusterAnalysis, clustering: ClusteringSettings) {
        self.analysis = analysis
        self.clusters = clusters
        self.clustering = clustering
        self.title = title
        self.language = language
        self.catalog = catalog
        self.dataset = dataset
        self.period = period
        self.reportDate = reportDate
    }

    /// `SOURCE_DATE_EPOCH` (reproducible-builds convention) as `YYYY-MM-DD` (UTC).
    public static func dateFromEnvironment() -> String? {
        guard let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = Double(text) else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
