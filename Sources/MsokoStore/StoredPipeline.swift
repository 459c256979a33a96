import Foundation
import MsokoIngest
import MsokoModel

/// The store a pipeline names (`store:`), and the commands over it:
/// `msoko ingest`, `msoko history`, `msoko export` (docs/contract.md §9).
public enum StoredPipeline {
    /// The store file of a pipeline, resolved against its folder.
    public static func storePath(_ configuration: PipelineConfiguration) throws -> String {
        guard let store = configuration.store else { throw StoreError.noStoreKey(pipeline: configuration.path) }
        return configuration.resolve(store).path
    }

    /// The catalog version of a pipeline: the SHA-256 of its catalog file,
    /// as the store keeps it with each load.
    public static func catalogVersion(_ configuration: PipelineConfiguration) throws -> String {
        SHA256.hex(Array(try Data(contentsOf: configuration.resolve(configuration.catalogPath))))
    }

    /// Ingests everything the pipeline names (`CanonicalIngest.load`) and
    /// stores the observations of `period` (every period present when `nil`)
    /// in one transaction. `now` is the load time kept in the store.
    public static func ingest(pipelinePath: String, period: Period? = nil, now: Date = Date(),
                              busyTimeout: Double = 10, willWrite: (Int) -> Void = { _ in }) throws
        -> (result: IngestResult, dataset: Dataset) {
        let configuration = try PipelineConfiguration.load(path: pipelinePath)
        let path = try storePath(configuration)
        let catalog = try Catalog.load(path: configuration.resolve(configuration.catalogPath).path,
                                       displayName: configuration.catalogPath)
        let catalogSHA256 = try catalogVersion(configuration)
        let dataset = try CanonicalIngest.load(configuration: configuration, catalog: catalog)
        let store = try HistoryStore(path: path, create: true, busyTimeout: busyTimeout)
        let result = try store.ingest(dataset: dataset, catalogSHA256: catalogSHA256, catalogPath: configuration.catalogPath,
                                      period: period, loadedAt: now, willWrite: willWrite)
        return (result, dataset)
    }

    /// Writes the canonical `schools.csv`, `observations.csv` (with the
    /// `source` column: each value's original place), `surveys.csv` (the
    /// survey figures with their t-intervals) and `source_conflicts.csv`
    /// (the columns of `tables/source_conflicts.csv`) of the current versions
    /// of the periods from `from` to `to` into `directory`, which must exist.
    /// Ingesting them into an empty store gives the same run.
    public static func export(store: HistoryStore, from: Period? = nil, to: Period? = nil, directory: URL) throws
        -> (schools: Int, observations: Int, surveys: Int, conflicts: Int, periods: [Period]) {
        let schools = try store.schools()
        let history = try store.current(from: from, to: to)
        let (loads, observations) = (history.loads, history.observations)
        let attributeNames = Set(schools.flatMap(\.attributes.keys)).subtracting(["students", "aliases"]).sorted()
        var schoolsTable = Table(columns: ["school_id", "name", "students", "aliases"] + attributeNames)
        for school in schools {
            schoolsTable.append([school.id, school.name, school.students.map(String.init) ?? "",
                                 school.aliases.joined(separator: "; ")] + attributeNames.map { school.attributes[$0] ?? "" })
        }
        var text = "school_id,period,indicator,value,base,source\n"
        for observation in observations {
            text += [observation.schoolID, observation.period.description, observation.indicatorID,
                     exactNumber(observation.value), exactNumber(observation.base), observation.source.description]
                .map(Table.quote).joined(separator: ",") + "\n"
        }
        var surveysText = "school_id,period,indicator,respondents,value,low,high,alpha\n"
        for figure in history.surveys {
            surveysText += [figure.schoolID, figure.period.description, figure.indicatorID, String(figure.respondents),
                            exactNumber(figure.value), exactNumber(figure.low), exactNumber(figure.high), exactNumber(figure.alpha)]
                .map(Table.quote).joined(separator: ",") + "\n"
        }
        var conflictsText = "school_id,period,indicator,value,source,other_value,other_source\n"
        for conflict in history.conflicts {
            conflictsText += [conflict.schoolID, conflict.period.description, conflict.indicatorID, exactNumber(conflict.value),
                              conflict.source.description, exactNumber(conflict.otherValue), conflict.otherSource.description]
                .map(Table.quote).joined(separator: ",") + "\n"
        }
        try Data(schoolsTable.csv.utf8).write(to: directory.appendingPathComponent("schools.csv"), options: .atomic)
        try Data(conflictsText.utf8).write(to: directory.appendingPathComponent("source_conflicts.csv"), options: .atomic)
        try Data(surveysText.utf8).write(to: directory.appendingPathComponent("surveys.csv"), options: .atomic)
        try Data(text.utf8).write(to: directory.appendingPathComponent("observations.csv"), options: .atomic)
        return (schools.count, observations.count, history.surveys.count, history.conflicts.count, loads.map(\.period))
    }

    /// A number written so that reading it back gives the same `Double`
    /// (Swift's shortest round-trip form; whole numbers without `.0`).
    static func exactNumber(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
