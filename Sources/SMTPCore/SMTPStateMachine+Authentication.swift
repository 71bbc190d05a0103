import MailCore

extension SMTPStateMachine {
    /// Chooses a mechanism and sends AUTH (RFC 4954 §4), with the initial
    /// response inline when the mechanism has one.
    ///
    ///     C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
    ///     S: 235 2.7.0 Authentication successful
    mutating func startAuthentication(_ authentication: SMTPAuthentication, capabilities: SMTPCapabilities) -> Action {
        guard isTLSActive || configuration.allowsPlaintextAuthentication else {
            state = .closed
            let why = capabilities.startTLS ? "TLS is not active" : "the server does not offer STARTTLS"
            return .fail(SMTPError(.plaintextAuthenticationRefused, phase: .auth,
                                   message: "refusing to send credentials over an unencrypted connection (\(why)); "
                                       + "require TLS, or choose plain text explicitly"))
        }
        let offered = Set(capabilities.authMechanisms)
        guard !offered.isEmpty else {
            state = .closed
            return .fail(SMTPError(.authenticationUnavailable, phase: .auth,
                                   message: "credentials were given but the server offers no AUTH"))
        }
        guard let mechanism = authentication.preferredMechanisms.first(where: { offered.contains($0.rawValue) }) else {
            state = .closed
            let wanted = authentication.preferredMechanisms.map(\.rawValue).joined(separator: " ")
            return .fail(SMTPError(.authenticationUnavailable, phase: .auth,
                                   message: "no common AUTH mechanism: we support \(wanted), the server offers "
                                       + capabilities.authMechanisms.joined(separator: " ")))
        }
        let sasl = SASLClient(mechanism: mechanism, credentials: authentication.credentials,
                              host: configuration.serverHost, port: configuration.serverPort)
        state = .authenticating(sasl, mechanism: mechanism)
        return .send([.auth(mechanism: mechanism.rawValue, initialResponse: sasl.initialResponse)])
    }

    /// A reply during AUTH: 334 carries a challenge, 235 ends it, anything else fails it.
    mutating func authenticationReply(_ reply: SMTPReply, sasl: inout SASLClient, mechanism: SASLMechanismName) -> Action {
        let command = "AUTH \(mechanism.rawValue)"
        switch reply.code {
        case 235:
            state = .ready
            return .sessionReady(capabilities ?? SMTPCapabilities.none)
        case 334:
            let encoded = reply.lines.first ?? ""
            guard let challenge = Base64.decode(encoded.trimmingSpaces) else {
                state = .closed
                return .fail(SMTPError(.protocolViolation, phase: .auth, command: command, reply: reply,
                                       message: "AUTH challenge is not valid base64"))
            }
            do {
                let response = try sasl.respond(toChallenge: challenge)
                state = .authenticating(sasl, mechanism: mechanism)
                return .send([.authResponse(response)])
            } catch {
                state = .closed
                return .fail(SMTPError(.authenticationFailed, phase: .auth, command: command, reply: reply,
                                       message: "unexpected AUTH challenge: \(error)"))
            }
        default:
            state = .closed
            var message = "authentication failed"
            if let detail = sasl.serverErrorDetail {
                message += " (\(detail))"
            }
            let code: SMTPError.Code = reply.kind == .positiveCompletion || reply.kind == .positiveIntermediate
                ? .protocolViolation : .authenticationFailed
            return .fail(SMTPError(code, phase: .auth, command: command, reply: reply, message: message))
        }
    }
}

extension StringProtocol {
    var trimmingSpaces: SubSequence {
        var text = self[...]
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
