import IMAPClient
import MailCore
import MailTransport
import SMTPClient

extension ProbeConfigFile {
    /// The SMTP client settings for `account`, with the secret read now.
    ///
    /// Default ports as on the command line: 465 for `tls`, 587 with
    /// credentials, else 25. Blocks while a secret command runs (at most
    /// `secretTimeout`); the `async` overload runs it on a thread of its own.
    public func smtpConfiguration(
        for account: AccountConfig, timeout: Duration,
        secretTimeout: Duration = CredentialSource.defaultCommandTimeout, environment: [String: String]? = nil
    ) throws(ConfigError) -> SMTPClientConfiguration {
        let endpoint = account.smtp
        let security = endpoint.tlsMode.security
        let port = endpoint.port ?? SMTPClientConfiguration.defaultPort(security: security, authenticating: endpoint.credential != nil)
        return SMTPClientConfiguration(
            host: endpoint.host, port: port, security: security,
            tls: TLSConfiguration(caFile: endpoint.caFile, verifyPeer: !endpoint.insecure),
            authentication: try endpoint.authentication(timeout: secretTimeout, environment: environment),
            timeouts: .uniform(timeout)
        )
    }

    /// The IMAP client settings for `account`, with the secret read now.
    ///
    /// Default ports: 993 for `tls`, else 143. Blocks like ``smtpConfiguration(for:timeout:secretTimeout:environment:)``.
    public func imapConfiguration(
        for account: AccountConfig, timeout: Duration,
        secretTimeout: Duration = CredentialSource.defaultCommandTimeout, environment: [String: String]? = nil
    ) throws(ConfigError) -> IMAPClientConfiguration {
        let endpoint = account.imap
        let security = endpoint.tlsMode.security
        return IMAPClientConfiguration(
            host: endpoint.host, port: endpoint.port ?? IMAPClientConfiguration.defaultPort(security: security), security: security,
            tls: TLSConfiguration(caFile: endpoint.caFile, verifyPeer: !endpoint.insecure),
            authentication: try endpoint.authentication(timeout: secretTimeout, environment: environment),
            timeouts: .uniform(timeout)
        )
    }

    /// The same on a thread of its own, so that a secret command never blocks the cooperative pool.
    public func smtpConfiguration(
        for account: AccountConfig, timeout: Duration,
        secretTimeout: Duration = CredentialSource.defaultCommandTimeout, environment: [String: String]? = nil
    ) async throws(ConfigError) -> SMTPClientConfiguration {
        let config = self
        let result = await DedicatedThread.run { () -> Result<SMTPClientConfiguration, ConfigError> in
            do throws(ConfigError) {
                return .success(try config.smtpConfiguration(for: account, timeout: timeout, secretTimeout: secretTimeout, environment: environment))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The same on a thread of its own, so that a secret command never blocks the cooperative pool.
    public func imapConfiguration(
        for account: AccountConfig, timeout: Duration,
        secretTimeout: Duration = CredentialSource.defaultCommandTimeout, environment: [String: String]? = nil
    ) async throws(ConfigError) -> IMAPClientConfiguration {
        let config = self
        let result = await DedicatedThread.run { () -> Result<IMAPClientConfiguration, ConfigError> in
            do throws(ConfigError) {
                return .success(try config.imapConfiguration(for: account, timeout: timeout, secretTimeout: secretTimeout, environment: environment))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
