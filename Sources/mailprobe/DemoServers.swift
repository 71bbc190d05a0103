import MailTestServer

/// The demo's two mail services, "corp" and "partner": one in-process test server each, relaying
/// to one another so that mail submitted at one for the other's user arrives in that mailbox.
struct DemoServers: Sendable {
    static let corpUser = TestMailUser(address: "probe@corp.test", password: "corp-demo-secret")
    static let partnerUser = TestMailUser(address: "probe@partner.test", password: "partner-demo-secret")

    let corp: TestMailServer
    let partner: TestMailServer

    /// Starts both on free loopback ports, relaying to each other at once.
    static func start() async throws -> DemoServers {
        let corp = try await TestMailServer.start(.init(users: [corpUser], seed: 1, hostname: "mail.corp.test"))
        let partner: TestMailServer
        do {
            partner = try await TestMailServer.start(.init(users: [partnerUser], seed: 2, hostname: "mail.partner.test"))
        } catch {
            await corp.stop()
            throw error
        }
        corp.relay(domain: "partner.test", to: partner)
        partner.relay(domain: "corp.test", to: corp)
        return DemoServers(corp: corp, partner: partner)
    }

    /// The accounts of the generated config, their passwords in `<name>.pw` beside it.
    func accounts() throws -> [DemoConfig.Account] {
        try [("corp", corp, Self.corpUser), ("partner", partner, Self.partnerUser)].map { name, server, user in
            guard let smtp = server.ports.smtp, let imap = server.ports.imap else {
                throw DemoError("the \(name) test server did not open its SMTP and IMAP ports")
            }
            return DemoConfig.Account(name: name, address: user.address, smtpPort: smtp, imapPort: imap, passwordFile: "\(name).pw")
        }
    }

    /// The password of each account, by name, for its `<name>.pw` file.
    static let passwords = ["corp": corpUser.password, "partner": partnerUser.password]

    /// Puts a scenario phase's faults in place.
    func apply(_ faults: DemoScenario.Faults) {
        corp.replaceFaults(faults.corp)
        partner.relay(domain: "corp.test", to: corp, delay: faults.partnerToCorpDelay)
    }

    func stop() async {
        await corp.stop()
        await partner.stop()
    }
}

/// Why the demo cannot run, in words.
struct DemoError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
