/// How a STORE changes flags.
///
///     C: A0006 UID STORE 4827 +FLAGS.SILENT (\Seen)
///
/// RFC 9051 §6.4.6.
public struct IMAPStoreAction: Hashable, Sendable {
    public enum Operation: String, Hashable, Sendable {
        /// `+FLAGS`
        case add = "+"
        /// `-FLAGS`
        case remove = "-"
        /// `FLAGS`
        case replace = ""
    }

    public var operation: Operation
    /// `.SILENT`: no untagged FETCH with the new flags.
    public var silent: Bool
    public var flags: [IMAPFlag]

    public init(_ operation: Operation, _ flags: [IMAPFlag], silent: Bool = false) {
        self.operation = operation
        self.flags = flags
        self.silent = silent
    }

    public static func add(_ flags: [IMAPFlag], silent: Bool = false) -> IMAPStoreAction { .init(.add, flags, silent: silent) }
    public static func remove(_ flags: [IMAPFlag], silent: Bool = false) -> IMAPStoreAction { .init(.remove, flags, silent: silent) }
    public static func replace(_ flags: [IMAPFlag], silent: Bool = false) -> IMAPStoreAction { .init(.replace, flags, silent: silent) }

    // MARK: - Encoding

    // store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag)))
    func write(into writer: inout IMAPCommandWriter) throws(IMAPCommandEncodingError) {
        writer.raw(operation.rawValue + "FLAGS" + (silent ? ".SILENT" : "") + " ")
        try IMAPFlag.writeList(flags, into: &writer)
    }
}

extension IMAPFlag {
    // flag-list = "(" [flag *(SP flag)] ")"
    static func writeList(_ flags: [IMAPFlag], into writer: inout IMAPCommandWriter) throws(IMAPCommandEncodingError) {
        writer.raw("(")
        for (index, flag) in flags.enumerated() {
            if index > 0 { writer.space() }
            guard flag != .wildcard, flag != .recent else { throw IMAPCommandEncodingError(kind: .invalidAtom, argument: "flag") }
            try writer.atom(flag.rawValue, argument: "flag", allowBackslash: true)
        }
        writer.raw(")")
    }
}
