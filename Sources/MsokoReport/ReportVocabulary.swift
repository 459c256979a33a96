import MsokoAnalysis
import MsokoModel
import MsokoStatistics

/// The words the report uses for the analysis's categories, in both languages.
extension ReportFormatting {
    public func assessment(_ value: Assessment) -> String {
        switch value {
        case .improving: return text(ru: "улучшение", en: "improving")
        case .worsening: return text(ru: "ухудшение", en: "worsening")
        case .stable: return text(ru: "без значимых изменений", en: "no significant change")
        case .insufficientData: return text(ru: "мало данных", en: "too few periods")
        }
    }

    public func verdict(_ value: RoadmapVerdict) -> String {
        switch value {
        case .achieved: return text(ru: "достигнуто", en: "achieved")
        case .onTrack: return text(ru: "будет достигнуто по прогнозу", en: "on track")
        case .atRisk: return text(ru: "под угрозой", en: "at risk")
        case .offTrack: return text(ru: "не будет достигнуто по прогнозу", en: "off track")
        case .notAchieved: return text(ru: "не достигнуто", en: "not achieved")
        case .notConfirmed: return text(ru: "динамика не подтверждена", en: "dynamics not shown")
        case .insufficientData: return text(ru: "мало данных", en: "too few data")
        }
    }

    public func claim(_ kind: RoadmapClaimKind, indicator: Indicator) -> String {
        switch kind {
        case .positiveDynamics: return text(ru: "положительная динамика", en: "positive dynamics")
        case .reduction: return text(ru: "снижение", en: "reduction")
        case .target: return target(indicator)
        case .allSchools: return text(ru: "во всех ОО", en: "in every school")
        }
    }

    public func deficitStatus(_ status: DeficitStatus) -> String {
        switch status {
        case .confirmed: return text(ru: "подтверждён", en: "confirmed")
        case .possible: return text(ru: "возможен", en: "possible")
        }
    }

    public func findingKind(_ kind: FindingKind) -> String {
        switch kind {
        case .confirmed: return text(ru: "подтверждённый дефицит", en: "confirmed deficit")
        case .possible: return text(ru: "возможный дефицит", en: "possible deficit")
        case .earlyWarning: return text(ru: "раннее предупреждение", en: "early warning")
        }
    }

    public func referenceKind(_ kind: ReferenceKind) -> String {
        switch kind {
        case .target: return text(ru: "цель", en: "target")
        case .districtMedian: return text(ru: "медиана района", en: "district median")
        }
    }

    public func normalization(_ method: NormalizationMethod) -> String {
        switch method {
        case .target: return text(ru: "доля достижения целевого значения", en: "share of the target reached")
        case .minmax: return text(ru: "мин–макс по району", en: "district min–max")
        case .zscore: return text(ru: "z-оценка", en: "z-score")
        case .rank: return text(ru: "процентильный ранг", en: "percentile rank")
        }
    }
}
