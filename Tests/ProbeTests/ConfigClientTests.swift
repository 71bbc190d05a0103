import IMAPClient
import MailCore
import MailTransport
import SMTPClient
import Testing

@testable import Probe

@Suite("Config to client settings")
struct ConfigClientTests {
    struct PortCase: Sendable, CustomTestStringConvertible {
        var endpoint: String
        var smtpPort: UInt16
        var imapPort: UInt16
        var testDescription: String { endpoint }
    }

    static let portCases: [PortCase] = [
        PortCase(endpoint: "{server: mail.example, tls: tls}", smtpPort: 465, imapPort: 993),
        PortCase(endpoint: "{server: mail.example, tls: starttls, password: {env: PW}}", smtpPort: 587, imapPort: 143),
        PortCase(endpoint: "{server: mail.example, password: {env: PW}}", smtpPort: 587, imapPort: 143),
        PortCase(endpoint: "{server: mail.example, tls: plain}", smtpPort: 25, imapPort: 143),
        PortCase(endpoint: "{server: mail.example}", smtpPort: 25, imapPort: 143),
        PortCase(endpoint: "{server: \"mail.example:2525\", tls: tls}", smtpPort: 2525, imapPort: 2525),
    ]

    static func config(endpoint: String) throws -> (ProbeConfigFile, AccountConfig) {
        let yaml = """
            accounts:
              corp:
                address: probe@corp.example
                smtp: \(endpoint)
                imap: \(endpoint)
            """
        let config = try ProbeConfigFile.parse(yaml: yaml, file: "t.yaml")
        return (config, try #require(config.accounts["corp"]))
    }

    @Test(arguments: portCases)
    func defaultPortsAsOnTheCommandLine(_ expected: PortCase) throws {
        let (config, corp) = try Self.config(endpoint: expected.endpoint)
        let environment = ["PW": "pw"]
        #expect(try config.smtpConfiguration(for: corp, timeout: .seconds(5), environment: environment).port == expected.smtpPort)
        #expect(try config.imapConfiguration(for: corp, timeout: .seconds(5), environment: environment).port == expected.imapPort)
    }

    @Test(arguments: [
        ("tls", SMTPClientConfiguration.Security.implicitTLS, IMAPClientConfiguration.Security.implicitTLS),
        ("starttls", .startTLS, .startTLS),
        ("plain", .plain, .plain),
        ("opportunistic", .startTLSIfOffered, .startTLSIfOffered),
    ])
    func tlsModes(mode: String, smtp: SMTPClientConfiguration.Security, imap: IMAPClientConfiguration.Security) throws {
        let (config, corp) = try Self.config(endpoint: "{server: mail.example, tls: \(mode)}")
        #expect(try config.smtpConfiguration(for: corp, timeout: .seconds(5)).security == smtp)
        #expect(try config.imapConfiguration(for: corp, timeout: .seconds(5)).security == imap)
    }

    @Test func everySettingIsCarriedOver() throws {
        let config = try ConfigFixtures.load("full.yaml")
        let corp = try #require(config.accounts["corp"])
        let smtp = try config.smtpConfiguration(for: corp, timeout: .seconds(20), environment: ["CORP_SMTP_PW": "a", "CORP_IMAP_PW": "b"])
        #expect(smtp.host == "smtp.corp.example" && smtp.port == 587 && smtp.security == .startTLS)
        #expect(smtp.tls == TLSConfiguration(caFile: ConfigFixtures.path("../tls/ca.pem"), verifyPeer: true))
        #expect(smtp.timeouts == .uniform(.seconds(20)))
        #expect(smtp.authentication == MailAuthentication(user: "probe@corp.example", secret: .password("a"), mechanism: .plain))

        let imap = try config.imapConfiguration(for: corp, timeout: .seconds(20), environment: ["CORP_SMTP_PW": "a", "CORP_IMAP_PW": "b"])
        #expect(imap.host == "imap.corp.example" && imap.port == 993 && imap.security == .implicitTLS)
        #expect(imap.timeouts == .uniform(.seconds(20)))
        #expect(imap.authentication == MailAuthentication(user: "probe@corp.example", secret: .password("b")))

        let other = try #require(config.accounts["other"])
        let otherSMTP = try config.smtpConfiguration(for: other, timeout: .seconds(5))
        #expect(otherSMTP.host == "2001:db8::25" && otherSMTP.port == 465)
        #expect(otherSMTP.authentication?.secret == .oauth2Token("token-for-other"))
        #expect(otherSMTP.authentication?.preferredMechanisms == [.xoauth2, .oauthBearer])
        let otherIMAP = try config.imapConfiguration(for: other, timeout: .seconds(5))
        #expect(otherIMAP.authentication == MailAuthentication(user: "probe", secret: .password("other-imap-secret")))
        #expect(otherIMAP.port == 143 && otherIMAP.security == .startTLSIfOffered)
    }

    @Test func insecureTurnsVerificationOff() throws {
        let (config, corp) = try Self.config(endpoint: "{server: mail.example, tls: tls, insecure: true}")
        #expect(try config.smtpConfiguration(for: corp, timeout: .seconds(5)).tls.verifyPeer == false)
        #expect(try config.imapConfiguration(for: corp, timeout: .seconds(5)).tls.verifyPeer == false)
        #expect(try config.imapConfiguration(for: corp, timeout: .seconds(5)).authentication == nil)
    }
}
