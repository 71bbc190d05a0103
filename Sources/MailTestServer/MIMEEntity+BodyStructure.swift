extension MIMEEntity {
    // body            = "(" (body-type-1part / body-type-mpart) ")"
    // body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP body-ext-1part]
    // body-fields     = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP body-fld-octets
    // body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
    /// BODYSTRUCTURE (with extension data) or BODY (without), RFC 9051 §7.5.2.
    func bodyStructure(extensible: Bool) -> [UInt8] {
        var out = Array("(".utf8)
        if !parts.isEmpty {
            for part in parts { out += part.bodyStructure(extensible: extensible) }
            out += Array(" ".utf8) + Self.string(subtype)
            if extensible {
                out += Array(" ".utf8) + Self.parameterList(parameters) + Array(" ".utf8) + disposition
                out += Array(" ".utf8) + language + Array(" ".utf8) + Self.string(field("Content-Location"))
            }
            return out + Array(")".utf8)
        }
        out += Self.string(type) + Array(" ".utf8) + Self.string(subtype) + Array(" ".utf8) + Self.parameterList(parameters)
        out += Array(" ".utf8) + Self.string(field("Content-ID")) + Array(" ".utf8) + Self.string(field("Content-Description"))
        out += Array(" ".utf8) + Self.string(field("Content-Transfer-Encoding")?.uppercased() ?? "7BIT")
        out += Array(" \(body.count)".utf8)
        if let message = embedded.first {
            // body-type-msg = media-message SP body-fields SP envelope SP body SP body-fld-lines
            out += Array(" ".utf8) + IMAPEnvelopeRenderer.envelope(of: message.header)
            out += Array(" ".utf8) + message.bodyStructure(extensible: extensible) + Array(" \(body.lineCount)".utf8)
        } else if type == "TEXT" {
            out += Array(" \(body.lineCount)".utf8)
        }
        if extensible {
            // body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]]
            out += Array(" ".utf8) + Self.string(field("Content-MD5")) + Array(" ".utf8) + disposition
            out += Array(" ".utf8) + language + Array(" ".utf8) + Self.string(field("Content-Location"))
        }
        return out + Array(")".utf8)
    }

    // body-fld-lang = nstring / "(" string *(SP string) ")"
    private var language: [UInt8] {
        let tags = (field("Content-Language") ?? "").split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        guard tags.count > 1 else { return Self.string(tags.first) }
        return Array("(".utf8) + Array(tags.map(Self.string).joined(separator: Array(" ".utf8))) + Array(")".utf8)
    }

    // body-fld-dsp = "(" string SP body-fld-param ")" / nil
    private var disposition: [UInt8] {
        guard let value = field("Content-Disposition") else { return Array("NIL".utf8) }
        let pieces = Self.splitParameters(value)
        guard let kind = pieces.first, !kind.isEmpty else { return Array("NIL".utf8) }
        let (_, _, parameters) = Self.contentType("x/x; " + pieces.dropFirst().joined(separator: "; "), default: ("", ""))
        return Array("(".utf8) + Self.string(kind.uppercased()) + Array(" ".utf8) + Self.parameterList(parameters) + Array(")".utf8)
    }

    // body-fld-param = "(" string SP string *(SP string SP string) ")" / nil
    private static func parameterList(_ parameters: [(name: String, value: String)]) -> [UInt8] {
        guard !parameters.isEmpty else { return Array("NIL".utf8) }
        let pairs = parameters.map { string($0.name) + Array(" ".utf8) + string($0.value) }
        return Array("(".utf8) + Array(pairs.joined(separator: Array(" ".utf8))) + Array(")".utf8)
    }

    private static func string(_ text: String?) -> [UInt8] {
        IMAPEnvelopeRenderer.nstring(text)
    }
}
