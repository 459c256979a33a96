import Foundation
public enum SheetSelector: Sendable, Equatable { case name(String), index(Int) }
public enum XLSXReader { public static func read(data: Data, file: String, sheet: SheetSelector?) throws -> CellGrid { throw IngestError(file: file, "pending") } }
public enum DOCXReader { public static func tables(data: Data, file: String) throws -> [CellGrid] { [] } }
