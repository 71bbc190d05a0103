import MailCore
import Notify
import Probe

/// The `notifiers:` of a config file as Notify's configurations, with their secrets read now.
enum NotifierConfigurations {
    static func resolve(_ file: ProbeConfigFile) async throws(ConfigError) -> [String: NotifierConfiguration] {
        var result: [String: NotifierConfiguration] = [:]
        for spec in file.notifiers {
            result[spec.name] = try await resolve(spec, in: file)
        }
        return result
    }

    /// A flat JSON object of strings, keys sorted, for a gateway's JSON template.
    static func jsonObject(_ values: [String: String]) -> String {
        "{" + values.sorted { $0.key < $1.key }.map { "\(JSONString.quoted($0.key)): \(JSONString.quoted($0.value))" }
            .joined(separator: ", ") + "}"
    }

    static func resolve(_ spec: NotifierSpec, in file: ProbeConfigFile) async throws(ConfigError) -> NotifierConfiguration {
        let location = ConfigLocation(file: file.file, line: nil, keyPath: "notifiers.\(spec.name)")
        // Read on a thread of its own: a `{command:}` may run for seconds.
        func secret(_ source: CredentialSource?) async throws(ConfigError) -> String? {
            guard let source else { return nil }
            return try await source.text(location: location)
        }
        func headers(_ values: [String: NotifierSpec.HeaderValue]) async throws(ConfigError) -> [String: String] {
            var result: [String: String] = [:]
            for (name, value) in values {
                result[name] = try await value.resolve(location: ConfigLocation(file: file.file, line: nil,
                                                                             keyPath: "notifiers.\(spec.name).headers.\(name)"))
            }
            return result
        }
        switch spec.kind {
        case .webhook(let url, let format, let values, let signing):
            return .webhook(WebhookConfiguration(url: url, format: WebhookConfiguration.Format(rawValue: format) ?? .json,
                                                 headers: try await headers(values),
                                                 signingSecret: try await secret(signing), timeout: spec.timeout))
        case .sms(let sms):
            let gateway: SMSConfiguration.Gateway
            if let url = sms.url {
                let body: GenericSMSGateway.Body = sms.encoding == "json"
                    ? .json(jsonObject(sms.template)) : .form(sms.template)
                gateway = .generic(GenericSMSGateway(url: url, body: body, headers: try await headers(sms.headers),
                                                     successMatch: sms.successMatch))
            } else {
                let token = try await secret(sms.authToken)
                guard let sid = sms.accountSID, let token else {
                    throw ConfigError(.missingKey, at: location, "an sms notifier needs account_sid and auth_token")
                }
                gateway = .twilio(TwilioGateway(accountSID: sid, authToken: token, baseURL: sms.baseURL ?? "https://api.twilio.com"))
            }
            return .sms(SMSConfiguration(gateway: gateway, from: sms.from, to: sms.to, timeout: spec.timeout))
        case .email(let accountName, let from, let to):
            guard let account = file.accounts[accountName] else {
                throw ConfigError(.unknownAccount, at: location, "no account named \"\(accountName)\"")
            }
            let smtp = try await file.smtpConfiguration(for: account, timeout: spec.timeout)
            return .email(EmailConfiguration(smtp: smtp, from: from ?? account.address, to: to))
        case .alertmanager(let url, let token):
            return .alertmanager(AlertmanagerConfiguration(url: url, authentication: try await secret(token).map { .bearer($0) },
                                                           timeout: spec.timeout))
        case .command(let argv):
            return .command(CommandConfiguration(program: argv[0], arguments: Array(argv.dropFirst()), timeout: spec.timeout))
        }
    }
}
