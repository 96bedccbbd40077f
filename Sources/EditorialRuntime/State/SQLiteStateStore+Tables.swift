import GRDB

/// Whole tables of the SQLite store, for `StateCopy`.
extension SQLiteStateStore: StateTableAccess {
    func rows(of table: StateTables.Table) throws -> [[String?]] {
        try mapping {
            try pool.read { db in
                let cursor = try Row.fetchCursor(
                    db, sql: "SELECT \(table.columnList) FROM \(table.name) ORDER BY \(table.columns[0].name)")
                var rows: [[String?]] = []
                while let row = try cursor.next() {
                    rows.append(
                        table.columns.indices.map { i in
                            let text: String? =
                                switch row[i] as DatabaseValue {
                                case let value where value.isNull: nil
                                case let value:
                                    switch value.storage {
                                    case .int64(let n): String(n)
                                    case .double(let d): String(d)
                                    case .string(let s): s
                                    case .blob(let data): String(decoding: data, as: UTF8.self)
                                    case .null: nil
                                    }
                                }
                            return StateCopy.normalized(text, table.columns[i].kind)
                        })
                }
                return rows
            }
        }
    }

    func insert(_ contents: [(StateTables.Table, [[String?]])]) throws {
        try mapping {
            try pool.write { db in
                for (table, rows) in contents where !rows.isEmpty {
                    let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
                    let statement = try db.cachedStatement(
                        sql: "INSERT INTO \(table.name) (\(table.columnList)) VALUES (\(marks))")
                    for row in rows {
                        let values: [(any DatabaseValueConvertible)?] = zip(row, table.columns).map { value, column in
                            guard let value else { return nil }
                            switch column.kind {
                            case .text: return value
                            case .integer, .boolean: return Int64(value)
                            }
                        }
                        statement.setUncheckedArguments(StatementArguments(values))
                        try statement.execute()
                    }
                }
            }
        }
    }
}
