/// A tiny reader of the SVG the charts write: checks that tags balance and pulls out elements and their attributes.
struct SVGInspector {
    struct Element {
        var name: String
        var attributes: [String: String]
        /// The text right after the opening tag, up to the next tag.
        var text: String = ""

        subscript(_ key: String) -> String? { attributes[key] }

        func double(_ key: String) -> Double? {
            attributes[key].flatMap(Double.init)
        }
    }

    let text: String
    private(set) var elements: [Element] = []
    /// nil when the tags balance and every `&` starts an entity; else what is wrong.
    private(set) var problem: String?

    init(_ text: String) {
        self.text = text
        var stack: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            let between = rest[..<open]
            if let problem = Self.entityProblem(between) { self.problem = problem; return }
            if !elements.isEmpty, elements[elements.count - 1].text.isEmpty { elements[elements.count - 1].text = String(between) }
            guard let close = rest[open...].firstIndex(of: ">") else { problem = "unclosed <"; return }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst())
                guard stack.popLast() == name else { problem = "</\(name)> does not close the open element"; return }
                continue
            }
            let selfClosing = tag.hasSuffix("/")
            let body = selfClosing ? tag.dropLast() : tag
            if body.contains("<") { problem = "< inside a tag"; return }
            if let problem = Self.entityProblem(body) { self.problem = problem; return }
            let name = String(body.prefix { $0 != " " })
            elements.append(Element(name: name, attributes: Self.attributes(body.dropFirst(name.count))))
            if !selfClosing { stack.append(name) }
        }
        if !stack.isEmpty { problem = "still open: \(stack)" }
        if elements.first?.name != "svg" { problem = "does not start with <svg>" }
    }

    var isWellFormed: Bool { problem == nil }

    func all(_ name: String) -> [Element] {
        elements.filter { $0.name == name }
    }

    /// Elements whose class list holds `className`.
    func withClass(_ className: String) -> [Element] {
        elements.filter { ($0["class"] ?? "").split(separator: " ").contains(Substring(className)) }
    }

    /// The text of the first element with this name (escaped as written).
    func content(of name: String) -> String? {
        all(name).first?.text
    }

    private static func attributes(_ body: Substring) -> [String: String] {
        var result: [String: String] = [:]
        var rest = body
        while let equals = rest.firstIndex(of: "=") {
            let key = rest[..<equals].split(separator: " ").last ?? ""
            let valueStart = rest.index(equals, offsetBy: 2)
            guard valueStart <= rest.endIndex, let quote = rest[valueStart...].firstIndex(of: "\"") else { break }
            result[String(key)] = String(rest[valueStart..<quote])
            rest = rest[rest.index(after: quote)...]
        }
        return result
    }

    private static func entityProblem(_ text: Substring) -> String? {
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            let after = rest[rest.index(after: amp)...]
            guard let semi = after.firstIndex(of: ";"), after.distance(from: after.startIndex, to: semi) <= 6,
                after[..<semi].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "#" })
            else { return "bare & in \(text.prefix(40))" }
            rest = after[after.index(after: semi)...]
        }
        return nil
    }
}

/// The numbers of path data, and how many subpaths it has.
enum PathData {
    static func subpaths(_ d: String) -> Int {
        d.count { $0 == "M" }
    }

    /// The coordinate pairs after every M and L command.
    static func points(_ d: String) -> [(x: Double, y: Double)] {
        var result: [(Double, Double)] = []
        var current = ""
        var command: Character = " "
        func flush() {
            defer { current = "" }
            guard command == "M" || command == "L" else { return }
            let parts = current.split(separator: ",").compactMap { Double($0) }
            if parts.count == 2 { result.append((parts[0], parts[1])) }
        }
        for character in d {
            if character.isLetter {
                flush()
                command = character
            } else {
                current.append(character)
            }
        }
        flush()
        return result
    }
}
