import FirepumpCore
import Foundation

/// Renders the few Jinja shapes of firepump's discovery configs as Home Assistant would against
/// a JSON payload (`value_json`): `{{ value_json.a.b }}`, `{{ value_json.a or 'x' }}`,
/// `{{ value_json.a in ['X', 'Y'] }}` and `{{ value_json.a | tojson }}`. Values print as Python
/// prints them (`True`, `False`, `None`, `12`, `187.1`). A path to a key the payload does not
/// have, and any other template shape, throws: a test then fails instead of passing on a
/// template nobody checked.
enum JinjaSubset {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// `template` rendered against `payload`.
    static func render(_ template: String, value payload: JSONValue) throws -> String {
        guard template.hasPrefix("{{ "), template.hasSuffix(" }}"), template.count > 6 else {
            throw Failure(description: "not a single {{ expression }}: \(template)")
        }
        let expression = String(template.dropFirst(3).dropLast(3))
        guard !expression.contains("{"), !expression.contains("}"), !expression.contains("%") else {
            throw Failure(description: "more than one expression: \(template)")
        }
        if let path = expression.strippingSuffix(" | tojson") {
            let value = try resolve(path, in: payload)
            guard case .object = value else { throw Failure(description: "\(path) is not an object: \(value.serialized)") }
            return value.serialized
        }
        if let (path, list) = expression.split(around: " in ") {
            let words = try stringList(list)
            let value = try resolve(path, in: payload)
            guard case .string(let text) = value else { throw Failure(description: "\(path) is not a string: \(value.serialized)") }
            return words.contains(text) ? "True" : "False"
        }
        if let (path, fallback) = expression.split(around: " or ") {
            let literal = try quoted(fallback)
            let value = try resolve(path, in: payload)
            return isTruthy(value) ? try python(value, path) : literal
        }
        return try python(resolve(expression, in: payload), expression)
    }

    /// The value at `value_json.a.b`; every key must exist.
    private static func resolve(_ path: String, in payload: JSONValue) throws -> JSONValue {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.first == "value_json", parts.count > 1 else { throw Failure(description: "not a value_json path: \(path)") }
        var value = payload
        for key in parts.dropFirst() {
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw Failure(description: "not a key: '\(key)' in \(path)")
            }
            guard let next = value[key] else { throw Failure(description: "\(path): no key '\(key)' in \(value.serialized)") }
            value = next
        }
        return value
    }

    /// Python's `str()` of a JSON scalar.
    private static func python(_ value: JSONValue, _ path: String) throws -> String {
        switch value {
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .string(let text): return text
        case .array, .object: throw Failure(description: "\(path) is not a scalar: \(value.serialized)")
        }
    }

    private static func isTruthy(_ value: JSONValue) -> Bool {
        switch value {
        case .null: false
        case .bool(let flag): flag
        case .number(let number): number != 0
        case .string(let text): !text.isEmpty
        case .array(let items): !items.isEmpty
        case .object(let members): !members.isEmpty
        }
    }

    /// `'text'`.
    private static func quoted(_ literal: String) throws -> String {
        guard literal.count >= 2, literal.hasPrefix("'"), literal.hasSuffix("'") else { throw Failure(description: "not a string literal: \(literal)") }
        let text = String(literal.dropFirst().dropLast())
        guard !text.contains("'") else { throw Failure(description: "not one string literal: \(literal)") }
        return text
    }

    /// `['A', 'B']`.
    private static func stringList(_ list: String) throws -> [String] {
        guard list.hasPrefix("["), list.hasSuffix("]") else { throw Failure(description: "not a list: \(list)") }
        return try list.dropFirst().dropLast().split(separator: ",").map { item in
            var text = Substring(item)
            while text.first == " " { text.removeFirst() }
            return try quoted(String(text))
        }
    }
}

extension String {
    fileprivate func strippingSuffix(_ suffix: String) -> String? {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : nil
    }

    /// The text before and after the one occurrence of `separator`; nil when there is none.
    fileprivate func split(around separator: String) -> (String, String)? {
        guard let range = range(of: separator) else { return nil }
        return (String(self[..<range.lowerBound]), String(self[range.upperBound...]))
    }
}
