import Yams

/// A YAML node with its file, line and key path, so that every error can say where it is.
struct ConfigNode {
    let node: Node
    let file: String
    let path: String
    /// The line of the key this node is the value of; the node's own line may differ.
    let keyLine: Int?

    init(root: Node, file: String) {
        self.node = root
        self.file = file
        self.path = ""
        self.keyLine = root.mark?.line ?? 1
    }

    private init(node: Node, file: String, path: String, keyLine: Int?) {
        self.node = node
        self.file = file
        self.path = path
        self.keyLine = keyLine
    }

    var line: Int? { node.mark?.line ?? keyLine }
    var location: ConfigLocation { ConfigLocation(file: file, line: line, keyPath: path) }
    /// Where the key is: for "missing" and "conflicting" errors, which have no value to point at.
    var keyLocation: ConfigLocation { ConfigLocation(file: file, line: keyLine ?? line, keyPath: path) }

    func child(_ key: String, node: Node, keyLine: Int?) -> ConfigNode {
        ConfigNode(node: node, file: file, path: path.isEmpty ? key : path + "." + key, keyLine: keyLine)
    }

    func element(_ index: Int, node: Node) -> ConfigNode {
        ConfigNode(node: node, file: file, path: path + "[\(index)]", keyLine: node.mark?.line ?? line)
    }

    func problem(_ message: String) -> ConfigError {
        ConfigError(.invalidValue, at: location, message)
    }

    func problem(_ code: ConfigError.Code, _ message: String) -> ConfigError {
        ConfigError(code, at: location, message)
    }

    var isScalar: Bool {
        if case .scalar = node { return true }
        return false
    }

    var isMapping: Bool {
        if case .mapping = node { return true }
        return false
    }

    /// A plain `~`, `null` or nothing at all: treated as if the key were absent.
    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// For messages: `"ssl"`, `a mapping`, `a list`.
    var shown: String {
        switch node {
        case .scalar(let scalar): "\"\(scalar.string)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    // MARK: - Shapes

    func mapping(allowed: [String]) throws(ConfigError) -> ConfigMapping {
        guard case .mapping(let mapping) = node else {
            throw problem("expected a mapping with \(Self.list(allowed)), got \(shown)")
        }
        var entries: [ConfigMapping.Entry] = []
        try collect(mapping, into: &entries, allowed: allowed)
        return ConfigMapping(owner: self, entries: entries)
    }

    /// A mapping whose keys are names (accounts, probes, phases), in document order.
    func namedMapping(what: String) throws(ConfigError) -> ConfigMapping {
        guard case .mapping(let mapping) = node else {
            throw problem("expected a mapping of \(what) by name, got \(shown)")
        }
        var entries: [ConfigMapping.Entry] = []
        try collect(mapping, into: &entries, allowed: nil)
        return ConfigMapping(owner: self, entries: entries)
    }

    private func collect(_ mapping: Node.Mapping, into entries: inout [ConfigMapping.Entry], allowed: [String]?) throws(ConfigError) {
        var merged: [Node.Mapping] = []
        for (keyNode, value) in mapping {
            let keyLine = keyNode.mark?.line ?? line
            guard case .scalar(let scalar) = keyNode else {
                throw ConfigError(.invalidValue, at: ConfigLocation(file: file, line: keyLine, keyPath: path), "keys must be plain strings")
            }
            let key = scalar.string
            // YAML merge key: `<<: *anchor` copies the anchored mapping's keys not given here.
            if key == "<<", scalar.style == .plain {
                switch value {
                case .mapping(let other): merged.append(other)
                case .sequence(let list):
                    for item in list {
                        guard case .mapping(let other) = item else { throw child(key, node: item, keyLine: keyLine).problem("<< takes a mapping or a list of mappings") }
                        merged.append(other)
                    }
                default: throw child(key, node: value, keyLine: keyLine).problem("<< takes a mapping or a list of mappings")
                }
                continue
            }
            if let allowed, !allowed.contains(key) {
                var message = "unknown key \"\(key)\"; expected one of \(allowed.joined(separator: ", "))"
                if let guess = Self.closest(to: key, in: allowed) { message += " (did you mean \(guess)?)" }
                throw ConfigError(.unknownKey, at: ConfigLocation(file: file, line: keyLine, keyPath: path.isEmpty ? key : path + "." + key), message)
            }
            entries.append(ConfigMapping.Entry(key: key, value: child(key, node: value, keyLine: keyLine)))
        }
        for other in merged {
            var extra: [ConfigMapping.Entry] = []
            try collect(other, into: &extra, allowed: allowed)
            for entry in extra where !entries.contains(where: { $0.key == entry.key }) {
                entries.append(entry)
            }
        }
    }

    func list() throws(ConfigError) -> [ConfigNode] {
        guard case .sequence(let sequence) = node else { throw problem("expected a list, got \(shown)") }
        return sequence.enumerated().map { element($0.offset, node: $0.element) }
    }

    /// Any scalar, as written; never empty.
    func string(_ what: String = "a string") throws(ConfigError) -> String {
        guard case .scalar(let scalar) = node else { throw problem("expected \(what), got \(shown)") }
        guard !scalar.string.isEmpty else { throw problem("expected \(what), got an empty value") }
        return scalar.string
    }

    func bool() throws(ConfigError) -> Bool {
        guard case .scalar(let scalar) = node else { throw problem("expected true or false, got \(shown)") }
        switch scalar.string {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw problem("expected true or false, got \(shown)")
        }
    }

    func int(in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            throw problem("expected a whole number, got \(shown)")
        }
        guard range.contains(value) else {
            throw problem("expected a number from \(range.lowerBound) to \(range.upperBound), got \(value)")
        }
        return value
    }

    func oneOf(_ choices: [String]) throws(ConfigError) -> String {
        guard case .scalar(let scalar) = node, choices.contains(scalar.string) else {
            throw problem("expected one of \(choices.joined(separator: ", ")), got \(shown)")
        }
        return scalar.string
    }

    func duration(atMost maximum: Duration = ConfigDuration.maximum) throws(ConfigError) -> Duration {
        guard case .scalar(let scalar) = node else { throw problem("expected a duration such as 500ms, 30s, 5m or 1h, got \(shown)") }
        guard let value = ConfigDuration.parse(scalar.string) else {
            throw problem("expected a duration such as 500ms, 30s, 5m or 1h, got \(shown)")
        }
        guard value > .zero, value <= maximum else {
            throw problem("expected a duration above 0 and at most \(ConfigDuration.format(maximum)), got \(shown)")
        }
        return value
    }

    // MARK: - Helpers

    static func list(_ keys: [String]) -> String {
        keys.count <= 1 ? keys.joined() : keys.dropLast().joined(separator: ", ") + " or " + keys.last!
    }

    /// The allowed key within edit distance 2, for "did you mean".
    static func closest(to key: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(Array(key.lowercased()), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2, best.1 < key.count else { return nil }
        return best.0
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// A mapping's entries, in document order, with typed access.
struct ConfigMapping {
    struct Entry {
        var key: String
        var value: ConfigNode
    }

    let owner: ConfigNode
    let entries: [Entry]

    /// The value, or `nil` when the key is absent or null.
    subscript(key: String) -> ConfigNode? {
        guard let entry = entries.first(where: { $0.key == key }), !entry.value.isNull else { return nil }
        return entry.value
    }

    func required(_ key: String) throws(ConfigError) -> ConfigNode {
        guard let value = self[key] else {
            let path = owner.path.isEmpty ? key : owner.path + "." + key
            throw ConfigError(.missingKey, at: ConfigLocation(file: owner.file, line: owner.keyLine ?? owner.line, keyPath: path),
                              "required, but missing")
        }
        return value
    }
}
