import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MailProbeService
import Testing

/// Bad input answers 400 (or 413 for an oversized body) with the JSON error naming the parameter, never 500.
@Suite(.serialized) struct APIBadInputTests {
    struct Case: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var uri: String
        var body: String?
        var status: HTTPResponse.Status
        var parameter: String
        var message: String
        var description: String { "\(method) \(uri.prefix(80)) \(body?.prefix(60) ?? "")" }
    }

    static let now = Int64(Date().timeIntervalSince1970 * 1000)

    init() {
        ServeDaemonTests.setSecrets()
    }

    static let cases: [Case] = [
        Case(method: .post, uri: "/api/silences",
             body: #"{"probe": "corp-submission", "duration": "2h", "comment": "\#(String(repeating: "x", count: 1001))"}"#,
             status: .badRequest, parameter: "comment", message: "at most 1000 characters"),
        Case(method: .post, uri: "/api/silences",
             body: #"{"probe": "corp-submission", "duration": "2h", "comment": "\#(String(repeating: "x", count: 5000))"}"#,
             status: .badRequest, parameter: "comment", message: "at most 1000 characters"),
        Case(method: .post, uri: "/api/silences",
             body: #"{"probe": "corp-submission", "duration": "2h", "created_by": "\#(String(repeating: "a", count: 5000))"}"#,
             status: .badRequest, parameter: "created_by", message: "at most 256 characters"),
        Case(method: .post, uri: "/api/silences", body: #"{"location": "\#(String(repeating: "b", count: 5000))", "duration": "2h"}"#,
             status: .badRequest, parameter: "location", message: "at most 256 characters"),
        Case(method: .post, uri: "/api/silences", body: #"{"probe": "corp-submission", "ends_at": 999999999999999}"#,
             status: .badRequest, parameter: "ends_at", message: "within 100 years"),
        Case(method: .post, uri: "/api/silences", body: #"{"probe": "corp-submission", "starts_at": 0, "duration": "2h"}"#,
             status: .badRequest, parameter: "ends_at", message: "in the future"),
        Case(method: .post, uri: "/api/silences", body: #"{"probe": "corp-submission", "starts_at": "9999-12-31T23:59:59Z", "duration": "3650d"}"#,
             status: .badRequest, parameter: "starts_at", message: "within 100 years"),
        Case(method: .post, uri: "/api/silences", body: #"{"probe": "corp-submission", "starts_at": \#(now + 36_000 * 86_400_000), "duration": "3000d"}"#,
             status: .badRequest, parameter: "duration", message: "within 100 years"),
        Case(method: .post, uri: "/api/silences", body: "{\"comment\": \"" + String(repeating: "y", count: 70_000) + "\"}",
             status: .contentTooLarge, parameter: "body", message: "at most 64 KiB"),
        Case(method: .get, uri: "/api/series?probe=corp-submission&step=-5m", status: .badRequest, parameter: "step", message: "duration"),
        Case(method: .get, uri: "/api/series?probe=corp-submission&step=99999999999d", status: .badRequest, parameter: "step", message: "duration"),
        Case(method: .get, uri: "/api/series?probe=corp-submission&step=30s", status: .badRequest, parameter: "step", message: "1m"),
        Case(method: .get, uri: "/api/series?probe=corp-submission&since=0", status: .badRequest, parameter: "since", message: "3660 days"),
        Case(method: .get, uri: "/api/series?probe=corp-submission&since=-5", status: .badRequest, parameter: "since", message: "Unix"),
        Case(method: .get, uri: "/api/series?probe=corp-submission&since=1000&until=999999999999999", status: .badRequest, parameter: "since",
             message: "3660 days"),
        Case(method: .get, uri: "/api/runs?limit=-1", status: .badRequest, parameter: "limit", message: "whole number"),
        Case(method: .get, uri: "/api/runs?cursor=garbage", status: .badRequest, parameter: "cursor", message: "cursor"),
        Case(method: .get, uri: "/api/runs/99999999999999999999", status: .badRequest, parameter: "id", message: "run id"),
        Case(method: .delete, uri: "/api/silences/abc", status: .badRequest, parameter: "id", message: "silence id"),
    ]

    @Test func badInputAnswersTheErrorNamingTheParameter() async throws {
        let directory = ServeDaemonTests.temporaryDirectory()
        let path = directory + "/mailprobe.yaml"
        try ServeDaemonTests.config(directory: directory, webhookPort: 9).write(toFile: path, atomically: true, encoding: .utf8)
        let daemon = try await ServeDaemon(configPath: path, logger: Logger(label: "test"), execute: { await ServeDaemonTests.Script([]).execute($0) })
        try await daemon.start()
        let app = Application(router: await APIRouter.build(daemon))
        let auth: HTTPFields = [.authorization: "Bearer api-token-Xy42", .contentType: "application/json"]
        try await app.test(.router) { client in
            for test in Self.cases {
                try await client.execute(uri: test.uri, method: test.method, headers: auth, body: test.body.map { ByteBuffer(string: $0) }) { response in
                    let text = String(buffer: response.body)
                    #expect(response.status == test.status, "\(test): \(text.prefix(300))")
                    let body = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    let error = body?["error"] as? [String: Any]
                    #expect(error?["parameter"] as? String == test.parameter, "\(test): \(text.prefix(300))")
                    #expect((error?["message"] as? String)?.contains(test.message) == true, "\(test): \(text.prefix(300))")
                }
            }
            // The limits themselves are accepted.
            let longest = #"{"probe": "corp-submission", "duration": "2h", "comment": "\#(String(repeating: "x", count: 1000))"}"#
            try await client.execute(uri: "/api/silences", method: .post, headers: auth, body: ByteBuffer(string: longest)) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: "/api/series?probe=corp-submission&step=3650d", method: .get, headers: auth) {
                #expect($0.status == .ok)
            }
        }
        await daemon.shutdown()
    }
}
