import Probe

extension ProbeConfigFile {
    /// Loads `path` for a command, warning on stderr of each of its files other users can read or change.
    static func loadWarningOfAccess(path: String) throws(ConfigError) -> ProbeConfigFile {
        let file = try load(path: path)
        for warning in file.fileAccessWarnings { StandardError.write("warning: \(warning)\n") }
        return file
    }
}
