/// Which files of a configuration other users can read or change (``FileAccessWarning``).
extension ProbeConfigFile {
    /// Every `{file: PATH}` secret the configuration names, with the key that names it, in file order.
    public var secretFiles: [(keyPath: String, path: String)] {
        var sources: [(String, CredentialSource?)] = []
        for name in accountNames {
            guard let account = accounts[name] else { continue }
            for (protocolName, endpoint) in [("smtp", account.smtp), ("imap", account.imap)] {
                sources.append((endpoint.credentialLocation?.keyPath ?? "accounts.\(name).\(protocolName).password", endpoint.credential))
            }
        }
        sources.append(("serve.api_token", serve.apiToken))
        sources.append(("serve.metrics_token", serve.metricsToken))
        for notifier in notifiers {
            let key = "notifiers.\(notifier.name)"
            switch notifier.kind {
            case .webhook(_, _, let headers, let secret):
                sources.append(("\(key).secret", secret))
                sources += Self.headerSecrets(headers, key: key)
            case .sms(let sms):
                sources.append(("\(key).auth_token", sms.authToken))
                sources += Self.headerSecrets(sms.headers, key: key)
            case .alertmanager(_, let token):
                sources.append(("\(key).token", token))
            case .email, .command:
                break
            }
        }
        return sources.compactMap { key, source in
            switch source {
            case .passwordFile(let path), .oauth2TokenFile(let path): (key, path)
            case .passwordEnv, .passwordCommand, .oauth2TokenCommand, nil: nil
            }
        }
    }

    /// The config file and its secret files that other users can read or change.
    public var fileAccessWarnings: [FileAccessWarning] {
        var seen: Set<String> = []
        var warnings: [FileAccessWarning] = []
        for (keyPath, path) in [("", file)] + secretFiles where seen.insert(path).inserted {
            if let warning = FileAccessWarning.check(path, keyPath: keyPath) { warnings.append(warning) }
        }
        return warnings
    }

    private static func headerSecrets(_ headers: [String: NotifierSpec.HeaderValue], key: String) -> [(String, CredentialSource?)] {
        headers.keys.sorted().compactMap { name in
            guard case .secret(let source) = headers[name] else { return nil }
            return ("\(key).headers.\(name)", source)
        }
    }
}
