import MailCore
extension IMAPStateMachine {
    /// Feeds one parsed response; returns what the driver should know.
    public mutating func responseReceived(_ response: IMAPResponse) -> Event {
        switch response {
        case .greeting(let greeting):
            return greetingReceived(greeting)
        case .tagged(let tagged):
            return taggedReceived(tagged)
        case .untagged(let untagged):
            return untaggedReceived(untagged)
        case .continuation(let request):
            if inFlight.last?.command == .idle, case .idling = state {
                return .none
            }
            if inFlight.last?.command == .idle {
                stateBeforeIdle = state
                state = .idling
                return .idleStarted
            }
            return .continuation(request)
        case .malformed(let error, _):
            return .malformed(error)
        }
    }

    // greeting = "*" SP (resp-cond-auth / resp-cond-bye) CRLF
    private mutating func greetingReceived(_ greeting: IMAPStatusResponse) -> Event {
        guard case .awaitingGreeting = state else {
            return fail(.protocolViolation, .greeting, "a second greeting", greeting)
        }
        learn(greeting.code)
        switch greeting.status {
        case .ok:
            state = .notAuthenticated
            return .greeting(greeting)
        case .preauth:
            if !isTLSActive, configuration.tlsPolicy == .startTLS {
                // PREAUTH skips the not-authenticated state, where STARTTLS would have been possible.
                return fail(.tlsNotOffered, .greeting,
                            "TLS is required but the server pre-authenticated the clear-text session (PREAUTH)", greeting)
            }
            state = .authenticated
            return .greeting(greeting)
        case .bye:
            return fail(.bye, .greeting, "server refused the session", greeting)
        case .no, .bad:
            return fail(.protocolViolation, .greeting, "invalid greeting", greeting)
        }
    }

    private mutating func taggedReceived(_ tagged: IMAPTaggedResponse) -> Event {
        guard let index = inFlight.firstIndex(where: { $0.tag == tagged.tag }) else {
            return fail(.protocolViolation, inFlight.first?.command.phase ?? .noop,
                        "a reply for tag \(tagged.tag), which no command in flight has", tagged.state)
        }
        let finished = inFlight.remove(at: index)
        let response = tagged.state
        learn(response.code)
        let ok = response.status == .ok
        switch finished.command {
        case .login, .authenticate:
            if ok {
                state = .authenticated
                // A server may change its capabilities on login (RFC 9051 §6.2.2, §6.2.3).
                if case .capability = response.code {} else if !finished.untagged.contains(where: \.isCapability) {
                    capabilities = nil
                }
            }
        case .select(let name), .examine(let name):
            if ok {
                var mailbox = self.mailbox ?? IMAPMailboxState(name: name, readOnly: false)
                mailbox.readOnly = response.code == .readOnly || finished.command == .examine(name)
                self.mailbox = mailbox
                state = .selected(mailbox: name, readOnly: mailbox.readOnly)
            } else {
                // RFC 9051 §6.3.2: a failed SELECT leaves no mailbox selected.
                mailbox = nil
                state = .authenticated
            }
        case .unselect, .close:
            if ok {
                mailbox = nil
                state = .authenticated
            }
        case .idle:
            state = stateBeforeIdle ?? state
            stateBeforeIdle = nil
        case .logout:
            state = .closed
        case .startTLS where ok:
            // The handshake follows; ``tlsEstablished()`` completes the upgrade.
            break
        default:
            break
        }
        return .completed(Completion(tag: finished.tag, command: finished.command, response: response,
                                     untagged: finished.untagged))
    }

    private mutating func untaggedReceived(_ untagged: IMAPUntaggedResponse) -> Event {
        // Everything untagged also belongs to the commands in flight (their data).
        for index in inFlight.indices {
            inFlight[index].untagged.append(untagged)
        }
        switch untagged {
        case .capability(let list):
            capabilities = Set(list)
            return .none
        case .condition(let condition):
            learn(condition.code)
            if condition.status == .bye {
                if case .loggingOut = state { return .none }
                if case .closed = state { return .none }
                return fail(.bye, inFlight.first?.command.phase ?? .noop, "server closed the session", condition)
            }
            if condition.code == .alert {
                return .alert(condition.text)
            }
            if case .idling = state, condition.status == .ok, condition.code == nil {
                return .keepAlive
            }
            return .none
        case .exists(let count):
            mailbox?.exists = count
            // During SELECT/EXAMINE the count is the mailbox's state, not news (RFC 9051 §6.3.2).
            return inFlight.contains(where: \.command.selectsMailbox) ? .none : .notification(.exists(count))
        case .expunge(let number):
            if let exists = mailbox?.exists, exists > 0 { mailbox?.exists = exists - 1 }
            return .notification(.expunge(number))
        case .recent(let count):
            mailbox?.recent = count
            return inFlight.contains(where: \.command.selectsMailbox) ? .none : .notification(.recent(count))
        case .vanished(let earlier, let uids):
            return earlier ? .none : .notification(.vanished(uids))
        case .flags(let flags):
            mailbox?.flags = flags
            return inFlight.contains(where: \.command.selectsMailbox) ? .none : .notification(.flags(flags))
        case .fetch(let fetch):
            return inFlight.contains(where: \.command.expectsFetchData) ? .none : .notification(.fetch(fetch))
        case .enabled, .id, .list, .lsub, .status, .search, .esearch, .other:
            return .none
        }
    }

    /// Takes in what a response code says about the server or the selected mailbox.
    private mutating func learn(_ code: IMAPResponseCode?) {
        guard let code else { return }
        switch code {
        case .capability(let list): capabilities = Set(list)
        case .uidValidity(let value): mailbox?.uidValidity = value
        case .uidNext(let value): mailbox?.uidNext = value
        case .unseen(let value): mailbox?.unseen = value
        case .highestModSeq(let value): mailbox?.highestModSeq = value
        case .permanentFlags(let flags): mailbox?.permanentFlags = flags
        default: break
        }
    }

    private mutating func fail(_ code: IMAPError.Code, _ phase: IMAPPhase, _ message: String,
                               _ response: IMAPStatusResponse?) -> Event {
        state = .closed
        return .fail(IMAPError(code, phase: phase, response: response, message: message))
    }
}

extension IMAPUntaggedResponse {
    var isCapability: Bool {
        if case .capability = self { return true }
        return false
    }
}
