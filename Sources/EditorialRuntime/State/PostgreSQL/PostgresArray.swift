/// PostgreSQL array literals in text form (`{"a","b",NULL}`), so that a batch of rows is one parameter per column
/// and one statement (`INSERT … SELECT * FROM unnest($1::text[], …)`) instead of one round trip per row.
enum PostgresArray {
    /// A `text[]` literal: every element quoted, `"` and `\` escaped, nil as NULL.
    static func text<S: Sequence<String?>>(_ values: S) -> String {
        var out = "{"
        var first = true
        for value in values {
            if !first { out.append(",") }
            first = false
            guard let value else {
                out.append("NULL")
                continue
            }
            out.append("\"")
            for character in value.unicodeScalars {
                if character == "\"" || character == "\\" { out.append("\\") }
                out.unicodeScalars.append(character)
            }
            out.append("\"")
        }
        out.append("}")
        return out
    }

    /// A `text[]` literal of non-null strings.
    static func text<S: Sequence<String>>(_ values: S) -> String {
        text(values.lazy.map { Optional($0) })
    }

    /// A `bigint[]` literal, nil as NULL.
    static func int64<S: Sequence<Int64?>>(_ values: S) -> String {
        "{" + values.map { $0.map(String.init) ?? "NULL" }.joined(separator: ",") + "}"
    }

    /// A `bigint[]` literal of non-null numbers.
    static func int64<S: Sequence<Int64>>(_ values: S) -> String {
        "{" + values.map(String.init).joined(separator: ",") + "}"
    }

    /// A `boolean[]` literal.
    static func bool<S: Sequence<Bool>>(_ values: S) -> String {
        "{" + values.map { $0 ? "t" : "f" }.joined(separator: ",") + "}"
    }
}
