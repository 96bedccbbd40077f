import CPostgres
import Foundation

/// The rows of one statement's result, in libpq's text format, read in place (no copy of the whole result).
final class PostgresResult {
    private let result: OpaquePointer?

    /// Takes ownership of a libpq result (freed with it).
    init(_ result: OpaquePointer?) { self.result = result }

    deinit { PQclear(result) }

    /// How many rows the result has.
    var count: Int { result.map { Int(PQntuples($0)) } ?? 0 }

    /// How many rows the statement inserted, updated or deleted.
    var affected: Int {
        guard let result, let text = PQcmdTuples(result) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    /// Whether the value at `row`, `column` is NULL.
    func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(result, Int32(row), Int32(column)) != 0
    }

    /// The text of the value at `row`, `column`; nil for NULL.
    func string(_ row: Int, _ column: Int) -> String? {
        guard !isNull(row, column), let text = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        return String(cString: text)
    }

    /// The value at `row`, `column` as an integer; nil for NULL.
    func int64(_ row: Int, _ column: Int) -> Int64? {
        guard !isNull(row, column), let text = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        return strtoll(text, nil, 10)
    }

    /// The value at `row`, `column` as a boolean (`t` or `f`); nil for NULL.
    func bool(_ row: Int, _ column: Int) -> Bool? {
        guard !isNull(row, column), let text = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        return text.pointee == UInt8(ascii: "t")
    }
}
