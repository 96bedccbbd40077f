import EditorialCore
import Testing

/// RFC 8259 acceptance and rejection, with cases from the JSONTestSuite by Nicolas Seriot
/// (https://github.com/nst/JSONTestSuite, `test_parsing/y_*` and `n_*`) typed in, plus the parser's own rules:
/// duplicate keys refused, bounded depth, strict UTF-8 inside strings, and error offsets.
struct JSONParserTests {
    /// A text the parser must accept, with the value it must produce.
    struct Accepted: Sendable, CustomTestStringConvertible {
        /// The JSONTestSuite file name (or a short description for our own cases).
        let name: String
        /// The bytes of the file.
        let bytes: [UInt8]
        /// The value the text denotes.
        let value: JSONValue

        /// Creates a case from UTF-8 text.
        init(_ name: String, _ text: String, _ value: JSONValue) {
            self.name = name
            self.bytes = Array(text.utf8)
            self.value = value
        }

        /// Creates a case from raw bytes.
        init(_ name: String, bytes: [UInt8], _ value: JSONValue) {
            self.name = name
            self.bytes = bytes
            self.value = value
        }

        /// The case's name in the test report.
        var testDescription: String { name }
    }

    /// A text the parser must refuse, with the byte offset (0-based) its error must point at, when that is
    /// well defined.
    struct Rejected: Sendable, CustomTestStringConvertible {
        /// The JSONTestSuite file name (or a short description for our own cases).
        let name: String
        /// The bytes of the file.
        let bytes: [UInt8]
        /// Where the error must point, or `nil` to check only that the text is refused.
        let offset: Int?

        /// Creates a case from UTF-8 text.
        init(_ name: String, _ text: String, at offset: Int?) {
            self.name = name
            self.bytes = Array(text.utf8)
            self.offset = offset
        }

        /// Creates a case from raw bytes.
        init(_ name: String, bytes: [UInt8], at offset: Int?) {
            self.name = name
            self.bytes = bytes
            self.offset = offset
        }

        /// The case's name in the test report.
        var testDescription: String { name }
    }

    /// A double as the C library reads `text` (correctly rounded), for expectations with many digits.
    static func number(_ text: String) -> JSONValue { .double(Double(text)!) }

    /// `y_` cases: valid JSON with the value each denotes.
    static let accepted: [Accepted] = [
        Accepted("y_array_empty", "[]", .array([])),
        Accepted("y_array_arraysWithSpaces", "[[]   ]", .array([.array([])])),
        Accepted("y_array_empty-string", #"[""]"#, .array([.string("")])),
        Accepted(
            "y_array_heterogeneous", #"[null, 1, "1", {}]"#, .array([.null, .int(1), .string("1"), .object([:])])),
        Accepted("y_array_with_leading_space", " [1]", .array([.int(1)])),
        Accepted("y_array_with_several_null", "[1,null,null,null,2]", .array([.int(1), .null, .null, .null, .int(2)])),
        Accepted("y_number_negative_zero", "[-0]", .array([.int(0)])),
        Accepted("y_number_negative_int", "[-123]", .array([.int(-123)])),
        Accepted("y_number_simple_int", "[123]", .array([.int(123)])),
        Accepted("y_number_simple_real", "[123.456789]", .array([number("123.456789")])),
        Accepted("y_number_real_exponent", "[123e45]", .array([number("123e45")])),
        Accepted("y_number_real_capital_e_pos_exp", "[1E+2]", .array([.double(100)])),
        Accepted("y_number_real_capital_e_neg_exp", "[1E-2]", .array([.double(0.01)])),
        Accepted("y_number_real_capital_e", "[1E22]", .array([.double(1e22)])),
        Accepted("y_number_real_fraction_exponent", "[123.456e78]", .array([number("123.456e78")])),
        Accepted("y_number_0e+1", "[0e+1]", .array([.double(0)])),
        Accepted("y_number_int_with_exp", "[20e1]", .array([.double(200)])),
        Accepted(
            "y_number_double_close_to_zero",
            "[-0.000000000000000000000000000000000000000000000000000000000000000000000000000001]",
            .array([number("-1e-78")])),
        Accepted("y_structure_lonely_negative_real", "-0.1", number("-0.1")),
        Accepted("Int64.max stays an integer", "9223372036854775807", .int(.max)),
        Accepted("Int64.min stays an integer", "-9223372036854775808", .int(.min)),
        Accepted("Int64.max + 1 becomes a double", "9223372036854775808", number("9223372036854775808")),
        Accepted("Int64.min - 1 becomes a double", "-9223372036854775809", number("-9223372036854775809")),
        Accepted(
            "i_number_very_big_negative_int", "[-237462374673276894279832749832423479823246327846]",
            .array([number("-237462374673276894279832749832423479823246327846")])),
        Accepted("y_object_basic", #"{"asd":"sdf"}"#, .object(["asd": .string("sdf")])),
        Accepted("y_object_empty_key", #"{"":0}"#, .object(["": .int(0)])),
        Accepted("y_object_escaped_null_in_key", #"{"foo\u0000bar": 42}"#, .object(["foo\u{0}bar": .int(42)])),
        Accepted(
            "y_object_extreme_numbers", #"{ "min": -1.0e+28, "max": 1.0e+28 }"#,
            .object(["min": .double(-1e28), "max": .double(1e28)])),
        Accepted("y_object_with_newlines", "{\n\"a\": \"b\"\n}", .object(["a": .string("b")])),
        Accepted("y_string_surrogate_pair", #"["\uD83D\uDE00"]"#, .array([.string("😀")])),
        Accepted("y_string_accepted_surrogate_pair", #"["\uD801\udc37"]"#, .array([.string("\u{10437}")])),
        Accepted("y_string_unicode_U+10FFFE_nonchar", #"["\uDBFF\uDFFE"]"#, .array([.string("\u{10FFFE}")])),
        Accepted(
            "y_string_allowed_escapes", #"["\"\\\/\b\f\n\r\t"]"#,
            .array([.string("\"\\/\u{8}\u{C}\n\r\t")])),
        Accepted("y_string_backslash_and_u_escaped_zero", #"["\\u0000"]"#, .array([.string(#"\u0000"#)])),
        Accepted("y_string_null_escape", #"["\u0000"]"#, .array([.string("\u{0}")])),
        Accepted("y_string_escaped_control_character", #"["\u0012"]"#, .array([.string("\u{12}")])),
        Accepted("y_string_unicode_escaped_double_quote", #"["\u0022"]"#, .array([.string("\"")])),
        Accepted("y_string_uEscape", #"["\u0061\u30af\u30EA\u30b9"]"#, .array([.string("aクリス")])),
        Accepted("y_string_1_2_3_bytes_UTF-8_sequences", #"["\u0060\u012a\u12AB"]"#, .array([.string("`Īካ")])),
        Accepted("y_string_pi", #"["π"]"#, .array([.string("π")])),
        Accepted("y_string_utf8", #"["€𝄞"]"#, .array([.string("€𝄞")])),
        Accepted("y_string_comments", #"["a/*b*/c/*d//e"]"#, .array([.string("a/*b*/c/*d//e")])),
        Accepted(
            "y_string_with_del_character", bytes: [0x5B, 0x22, 0x61, 0x7F, 0x61, 0x22, 0x5D],
            .array([.string("a\u{7F}a")])),
        Accepted(
            "y_string_nonCharacterInUTF-8_U+FFFF", bytes: [0x5B, 0x22, 0xEF, 0xBF, 0xBF, 0x22, 0x5D],
            .array([.string("\u{FFFF}")])),
        Accepted("y_string_in_array_with_leading_space", #"[ "asd"]"#, .array([.string("asd")])),
        Accepted("y_structure_lonely_int", "42", .int(42)),
        Accepted("y_structure_lonely_null", "null", .null),
        Accepted("y_structure_lonely_true", "true", .bool(true)),
        Accepted("y_structure_lonely_false", "false", .bool(false)),
        Accepted("y_structure_lonely_string", #""asd""#, .string("asd")),
        Accepted("y_structure_string_empty", #""""#, .string("")),
        Accepted("y_structure_trailing_newline", "[\"a\"]\n", .array([.string("a")])),
        Accepted("y_structure_true_in_array", "[true]", .array([.bool(true)])),
        Accepted("y_structure_whitespace_array", " [] ", .array([])),
        Accepted(
            "y_structure_whitespace_around_everything", " \t\r\n{ \"a\" :\t[ 1 ,\r\n2 ] , \"b\" : null }\r\n ",
            .object(["a": .array([.int(1), .int(2)]), "b": .null])),
    ]

    /// `n_` cases (and a few `i_` ones this parser refuses), with the byte their error must point at.
    static let rejected: [Rejected] = [
        Rejected("n_structure_no_data", "", at: 0),
        Rejected("n_structure_UTF8_BOM_no_data", bytes: [0xEF, 0xBB, 0xBF], at: 0),
        Rejected("n_structure_lone-open-bracket", "[", at: 1),
        Rejected("n_structure_unclosed_array", "[1", at: 2),
        Rejected("n_structure_unclosed_object", #"{"asd":"asd""#, at: 12),
        Rejected("n_structure_double_array", "[][]", at: 2),
        Rejected("n_structure_array_with_extra_array_close", "[1]]", at: 3),
        Rejected("n_structure_object_with_trailing_garbage", #"{"a": true} "x""#, at: 12),
        Rejected("n_structure_trailing_#", #"{"a":"b"}#{}"#, at: 9),
        Rejected("n_structure_capitalized_True", "[True]", at: 1),
        Rejected("n_structure_whitespace_formfeed", "[\u{C}]", at: 1),
        Rejected("n_structure_null-byte-outside-string", bytes: [0x5B, 0x00, 0x5D], at: 1),
        Rejected("n_structure_angle_bracket_null", "[<null>]", at: 1),
        Rejected("n_structure_comma_instead_of_closing_brace", #"{"x": true,"#, at: 11),
        Rejected("n_structure_trailing_comma (array)", #"["",]"#, at: 4),
        Rejected("n_object_trailing_comma", #"{"id":0,}"#, at: 8),
        Rejected("n_object_missing_colon", #"{"a" b}"#, at: 5),
        Rejected("n_object_double_colon", #"{"x"::"b"}"#, at: 5),
        Rejected("n_object_missing_value", #"{"a":"#, at: 5),
        Rejected("n_object_single_quote", "{'a':0}", at: 1),
        Rejected("n_object_unquoted_key", #"{a: "b"}"#, at: 1),
        Rejected("n_object_non_string_key", "{1:1}", at: 1),
        Rejected("n_object_comment", #"{"a":/*comment*/"b"}"#, at: 5),
        Rejected("n_array_double_comma", "[1,,2]", at: 3),
        Rejected("n_array_1_true_without_comma", "[1 true]", at: 3),
        Rejected("n_array_comma_after_close", #"[""],"#, at: 4),
        Rejected("n_array_star_inside", "[*]", at: 1),
        Rejected("n_incomplete_false", "[fals]", at: 1),
        Rejected("n_incomplete_null", "[nul]", at: 1),
        Rejected("n_incomplete_true", "[tru]", at: 1),
        Rejected("n_number_with_leading_zero", "[012]", at: 1),
        Rejected("n_number_neg_int_starting_with_zero", "[-012]", at: 2),
        Rejected("n_number_-01", "[-01]", at: 2),
        Rejected("n_number_NaN", "[NaN]", at: 1),
        Rejected("n_number_infinity", "[Infinity]", at: 1),
        Rejected("n_number_minus_infinity", "[-Infinity]", at: 2),
        Rejected("n_number_+1", "[+1]", at: 1),
        Rejected("n_number_.2e-3", "[.2e-3]", at: 1),
        Rejected("n_number_0.e1", "[0.e1]", at: 3),
        Rejected("n_number_1.0e", "[1.0e]", at: 5),
        Rejected("n_number_hex_1_digit", "[0x1]", at: 2),
        Rejected("n_number_minus_space_1", "[- 1]", at: 2),
        Rejected("n_multidigit_number_then_00", bytes: [0x31, 0x32, 0x33, 0x00], at: 3),
        Rejected("i_number_huge_exp (not finite as a double)", "[1.5e999]", at: 1),
        Rejected("n_string_single_quote", "['single quote']", at: 1),
        Rejected("n_string_no_quotes_with_bad_escape", #"[\n]"#, at: 1),
        Rejected("n_string_start_escape_unclosed", #"["\"#, at: 3),
        Rejected("n_string_unescaped_ctrl_char", bytes: [0x5B, 0x22, 0x61, 0x00, 0x61, 0x22, 0x5D], at: 3),
        Rejected("n_string_unescaped_control_char (U+0001)", bytes: [0x5B, 0x22, 0x01, 0x22, 0x5D], at: 2),
        Rejected("n_string_unescaped_tab", "[\"\t\"]", at: 2),
        Rejected("n_string_unescaped_newline", "[\"new\nline\"]", at: 5),
        Rejected("n_string_incomplete_escaped_character", #"["\u00A"]"#, at: 7),
        Rejected("n_string_escape_x", #"["\x00"]"#, at: nil),
        Rejected("n_string_invalid_backslash_esc", #"["\a"]"#, at: nil),
        Rejected("n_string_escaped_emoji", #"["\🌀"]"#, at: nil),
        Rejected("n_string_lone_surrogate", #"["\uD800"]"#, at: 8),
        Rejected("n_string_1_surrogate_then_escape", #"["\uD800\"]"#, at: 8),
        Rejected("n_string_incomplete_surrogate", #"["\uD834\uDd"]"#, at: 12),
        Rejected("n_string_incomplete_surrogate_escape_invalid", #"["\uD800\uD800\x"]"#, at: nil),
        Rejected("i_string_lone_second_surrogate", #"["\uDFAA"]"#, at: nil),
        Rejected("i_string_1st_valid_surrogate_2nd_invalid", #"["\uD888\u1234"]"#, at: nil),
        Rejected("n_string_invalid_utf8 (lone FF)", bytes: [0x5B, 0x22, 0xFF, 0x22, 0x5D], at: nil),
        Rejected("n_string_UTF8_surrogate_U+D800", bytes: [0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D], at: nil),
        Rejected("n_string_overlong_sequence_2_bytes", bytes: [0x5B, 0x22, 0xC0, 0xAF, 0x22, 0x5D], at: nil),
        Rejected("n_string_truncated-utf-8", bytes: [0x5B, 0x22, 0xE0, 0xFF, 0x22, 0x5D], at: nil),
        Rejected(
            "n_string_UTF-8_invalid_sequence", bytes: [0x5B, 0x22, 0xE6, 0x97, 0xA5, 0xD1, 0x88, 0xFA, 0x22, 0x5D],
            at: nil),
        Rejected(
            "n_string_invalid_utf-8_in_escape (continuation byte alone)", bytes: [0x5B, 0x22, 0x80, 0x22, 0x5D], at: nil
        ),
        Rejected(
            "n_string_not_in_unicode_range (F4 90 80 80)", bytes: [0x5B, 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22, 0x5D],
            at: nil),
    ]

    /// Every `y_` case parses to the value it denotes.
    @Test(arguments: JSONParserTests.accepted)
    func acceptsValidJSON(_ c: Accepted) throws {
        let value = try JSONParser.parse(c.bytes)
        #expect(value == c.value)
    }

    /// Every `n_` case is refused, and the error points at the offending byte.
    @Test(arguments: JSONParserTests.rejected)
    func rejectsInvalidJSON(_ c: Rejected) {
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse(c.bytes) }
        guard let error else { return }
        #expect(error.offset >= 0 && error.offset <= c.bytes.count, "\(error)")
        if let offset = c.offset { #expect(error.offset == offset, "\(error)") }
    }

    /// The parser returns typed results: integral numbers that fit 64 bits are `.int`, all others `.double`.
    @Test func numbersKeepTheirKind() throws {
        #expect(try JSONParser.parse("7") == .int(7))
        #expect(try JSONParser.parse("7.0") == .double(7))
        #expect(try JSONParser.parse("7e0") == .double(7))
        // `-0.0` keeps its sign as a double; `-0` is the integer zero.
        let negativeZero = try JSONParser.parse("-0.0")
        guard case .double(let d) = negativeZero else {
            Issue.record("-0.0 parsed as \(negativeZero)")
            return
        }
        #expect(d == 0 && d.sign == .minus)
        #expect(try JSONParser.parse("-0") == .int(0))
    }

    /// Surrogate pairs in either hex case decode to one scalar, written out as UTF-8.
    @Test func surrogatePairDecodesToOneScalar() throws {
        let value = try JSONParser.parse(#""\uD83D\uDE00""#)
        let text = try #require(value.string)
        #expect(text == "😀")
        #expect(text.unicodeScalars.map(\.value) == [0x1F600])
        #expect(Array(text.utf8) == [0xF0, 0x9F, 0x98, 0x80])
    }

    /// A member name that appears twice is refused (our choice, although `y_object_duplicated_key` is valid
    /// RFC 8259): the error points at the second occurrence.
    @Test func duplicateKeysAreRejectedAtTheSecondOccurrence() {
        let text = #"{"a":"b","a":"c"}"#
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        #expect(error?.offset == 9)
        #expect(error?.message.contains("\"a\"") == true)
        // Nested objects are checked too; equal names in different objects are fine.
        #expect(throws: JSONParseError.self) { try JSONParser.parse(#"{"x":{"k":1,"k":1}}"#) }
        #expect(throws: Never.self) { try JSONParser.parse(#"{"k":{"k":1},"j":{"k":2}}"#) }
        // Names equal after decoding escapes are the same name.
        #expect(throws: JSONParseError.self) { try JSONParser.parse(#"{"a":1,"\u0061":2}"#) }
    }

    /// Containers nested `maxDepth` deep are accepted, one more level is refused where it starts.
    @Test func nestingIsBoundedByMaxDepth() throws {
        let depth = JSONParser.maxDepth
        let deepest = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: Never.self) { try JSONParser.parse(deepest) }
        let tooDeep = String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse(tooDeep) }
        #expect(error?.offset == depth)
        let objects =
            String(repeating: #"{"a":"#, count: depth + 1) + "{}" + String(repeating: "}", count: depth + 1)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(objects) }
    }

    /// A hostile depth (a hundred thousand open brackets) is refused quickly instead of exhausting the stack.
    @Test func hugeNestingIsRejectedWithoutRecursingFurther() {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
        #expect(error?.offset == JSONParser.maxDepth)
    }

    /// `maxDepth` levels of containers with a scalar inside are as deep as `maxDepth` empty containers.
    @Test func scalarsInsideTheDeepestContainerAreAccepted() {
        let depth = JSONParser.maxDepth
        let text = String(repeating: "[", count: depth) + "0" + String(repeating: "]", count: depth)
        #expect(throws: Never.self) { try JSONParser.parse(text) }
        let object = String(repeating: "{\"a\":", count: depth) + "0" + String(repeating: "}", count: depth)
        #expect(throws: Never.self) { try JSONParser.parse(object) }
    }

    /// Every malformed UTF-8 sequence inside a string is refused, whatever surrounds it.
    @Test func invalidUTF8InsideStringsIsRejected() {
        let bad: [[UInt8]] = [
            [0xFF], [0xC3], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xB0, 0x80], [0xF5, 0x80, 0x80, 0x80],
            [0xF0, 0x9F, 0x98], [0x80, 0x80],
        ]
        for sequence in bad {
            let bytes = Array(#"{"k":"ok "#.utf8) + sequence + Array(#" ok"}"#.utf8)
            #expect(throws: JSONParseError.self, "\(sequence)") { try JSONParser.parse(bytes) }
            // In a member name too.
            let key = [UInt8(ascii: "{"), UInt8(ascii: "\"")] + sequence + Array(#"":1}"#.utf8)
            #expect(throws: JSONParseError.self, "\(sequence)") { try JSONParser.parse(key) }
        }
        // The same bytes, when they are well-formed, are accepted.
        #expect(throws: Never.self) { try JSONParser.parse([0x22, 0xC3, 0xA9, 0x22]) }
    }

    /// The error for malformed UTF-8 points at the bad byte, not past the string's closing quote.
    @Test func invalidUTF8ErrorPointsIntoTheString() {
        let bytes: [UInt8] = [0x5B, 0x22, 0xFF, 0x22, 0x5D]
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
        #expect(error?.offset == 2, "\(String(describing: error))")
        let unknownEscape = #expect(throws: JSONParseError.self) { try JSONParser.parse(#"["\x00"]"#) }
        #expect(unknownEscape?.offset == 3)
    }

    /// Error descriptions name the byte 1-based, as people count.
    @Test func errorDescriptionCountsBytesFromOne() {
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse("[1,]") }
        #expect(error?.offset == 3)
        #expect(error?.description.hasSuffix("at byte 4") == true)
    }
}
