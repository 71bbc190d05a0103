import Testing

/// One list of phase names: a `--threshold` naming no phase is a usage error, before any connection.
@Suite struct ThresholdFlagTests {
    @Test(arguments: [
        (["roundtrip", "--smtp-server", "127.0.0.1:1", "--imap-server", "127.0.0.1:1", "--imap-user", "u", "--imap-password-env", "NO_SUCH_VARIABLE", "--from", "a@b.c", "--to", "a@b.c",
          "--threshold", "submit.dta_accepted=10s"], "unknown phase \"submit.dta_accepted\"", Int32(64)),
        (["check", "smtp", "--server", "127.0.0.1:1", "--from", "a@b.c", "--to", "a@b.c", "--threshold", "submit.ehlo=1s"],
         "unknown phase \"submit.ehlo\"", Int32(3)),
    ])
    func unknownPhaseIsAUsageError(arguments: [String], message: String, status: Int32) async throws {
        let child = try DaemonProcess(DaemonProcess.mailprobe, arguments)
        let exit = await child.wait(timeout: .seconds(20))
        #expect(exit == status, "stdout: \(child.stdoutLines) stderr: \(child.stderr)")
        #expect((child.stderr + child.stdoutLines.joined(separator: "\n")).contains(message))
    }
}
