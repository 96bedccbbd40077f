/// Whole tables of the PostgreSQL store, for `StateCopy`.
extension PostgreSQLStateStore: StateTableAccess {
    func rows(of table: StateTables.Table) throws -> [[String?]] {
        try read { c throws(PostgresError) in
            let result = try c.execute(
                "SELECT \(table.columnList) FROM \(table.name) ORDER BY \(table.columns[0].name)", retryable: true)
            return (0..<result.count).map { r in
                table.columns.indices.map { StateCopy.normalized(result.string(r, $0), table.columns[$0].kind) }
            }
        }
    }

    func insert(_ contents: [(StateTables.Table, [[String?]])]) throws {
        try write { c throws(PostgresError) in
            try c.transaction { () throws(PostgresError) in
                for (table, rows) in contents where !rows.isEmpty {
                    let types = table.columns.enumerated().map { i, column in
                        "$\(i + 1)::"
                            + (column.kind == .text ? "text[]" : column.kind == .integer ? "bigint[]" : "boolean[]")
                    }
                    for start in stride(from: 0, to: rows.count, by: Self.chunk) {
                        let part = rows[start..<min(start + Self.chunk, rows.count)]
                        let arrays = table.columns.indices.map { i in
                            let values = part.map { row -> String? in
                                guard let value = row[i] else { return nil }
                                return table.columns[i].kind == .boolean ? (value == "1" ? "t" : "f") : value
                            }
                            // Quoted elements are read by each type's own input: '{"1",NULL}'::bigint[] is fine.
                            return PostgresArray.text(values)
                        }
                        try c.execute(
                            "INSERT INTO \(table.name) (\(table.columnList)) SELECT * FROM unnest(\(types.joined(separator: ", ")))",
                            arrays)
                    }
                }
                // Ids were copied as they were: the identities continue after the highest.
                for name in ["audit", "outbox"] {
                    try c.execute(
                        "SELECT setval(pg_get_serial_sequence('\(name)', 'id'), COALESCE(max(id), 0) + 1, false) FROM \(name)"
                    )
                }
            }
        }
    }
}
