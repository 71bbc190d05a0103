import Foundation
import HistoryStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MailCore
import MailProbeService
import Probe
import Testing
@testable import Dashboard

/// With an API token set: 401 (asking for Basic) for pages and assets without it, 200 with Basic whose password is
/// the token; the API takes Bearer and Basic. Silence forms work through the API and are refused cross-site.
@Suite(.serialized) struct DashboardAuthTests {
    static func basic(_ password: String, user: String = "anyone") -> HTTPFields {
        [.authorization: "Basic " + Base64.encode(Array("\(user):\(password)".utf8))]
    }

    @Test(arguments: ["/", "/alerts", "/probes/corp-roundtrip", "/runs/1", "/assets/dashboard.css", "/assets/dashboard.js", "/assets/charts.css", "/nothing"])
    func pagesAndAssetsNeedTheToken(path: String) async throws {
        let fixture = try await DashboardFixture(token: true)
        try await fixture.test { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Basic realm=\"mailprobe\"") == true)
            }
            try await client.execute(uri: path, method: .get, headers: Self.basic("wrong")) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: path, method: .get, headers: Self.basic(DashboardFixture.token)) { response in
                let expected: HTTPResponse.Status = path == "/nothing" || path == "/runs/1" ? .notFound : .ok
                #expect(response.status == expected, "\(path)")
            }
        }
    }

    @Test func apiTakesBearerAndBasicAndAsksForBearer() async throws {
        let fixture = try await DashboardFixture(token: true)
        try await fixture.test { client in
            try await client.execute(uri: "/api/probes", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"mailprobe\"")
            }
            try await client.execute(uri: "/api/probes", method: .get, headers: [.authorization: "Bearer \(DashboardFixture.token)"]) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/probes", method: .get, headers: Self.basic(DashboardFixture.token)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/probes", method: .get, headers: [.authorization: "Basic !!!not-base64"]) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status != .unauthorized) }
        }
    }

    /// The per-process form token, as the alerts page carries it.
    static func formToken(_ client: any TestClientProtocol, headers: HTTPFields) async throws -> String {
        try await client.execute(uri: "/alerts", method: .get, headers: headers) { response in
            let html = String(buffer: response.body)
            return try #require(DashboardPageTests.attributes("value", in: html.components(separatedBy: "name=\"form_token\"").dropFirst().first ?? "").first)
        }
    }

    static func post(_ client: any TestClientProtocol, _ path: String, _ form: String, headers: HTTPFields) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: form))
    }

    @Test func silenceIsCreatedAndEndedThroughTheFormsAndRefusedCrossSite() async throws {
        let fixture = try await DashboardFixture(token: true)
        let auth = Self.basic(DashboardFixture.token)
        let store = fixture.daemon.store
        try await fixture.test { client in
            let token = try await Self.formToken(client, headers: auth)
            let form = "form_token=\(token)&probe=corp-roundtrip&duration=2h&comment=provider+maintenance+%C3%A9"

            var crossSite = auth
            crossSite[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
            #expect(try await Self.post(client, "/alerts/silences", form, headers: crossSite).status == .forbidden)
            var foreign = auth
            foreign[.origin] = "https://evil.example"
            #expect(try await Self.post(client, "/alerts/silences", form, headers: foreign).status == .forbidden)
            #expect(try await Self.post(client, "/alerts/silences", "form_token=stale&probe=corp-roundtrip&duration=2h&comment=x", headers: auth).status == .forbidden)
            #expect(try await Self.post(client, "/alerts/silences", form, headers: [:]).status == .unauthorized)
            #expect(try store.silences(activeAtMs: nil).isEmpty)

            // The API's validation answers a bad form, on the page.
            let bad = try await Self.post(client, "/alerts/silences", "form_token=\(token)&probe=corp-roundtrip&duration=soon&comment=x", headers: auth)
            #expect(bad.status == .badRequest)
            #expect(String(buffer: bad.body).contains("duration: expected a duration"))

            var same = auth
            same[HTTPField.Name("Sec-Fetch-Site")!] = "same-origin"
            let created = try await Self.post(client, "/alerts/silences", form, headers: same)
            #expect(created.status == .seeOther)
            #expect(created.headers[.location] == "/alerts")
            let silence = try #require(try store.silences(activeAtMs: ProbeExecutionClock.now()).first)
            #expect(silence.probe == "corp-roundtrip")
            #expect(silence.comment == "provider maintenance é")
            #expect(silence.createdBy == "dashboard")
            try await client.execute(uri: "/alerts", method: .get, headers: auth) { #expect(String(buffer: $0.body).contains("provider maintenance é")) }

            let id = try #require(silence.id)
            #expect(try await Self.post(client, "/alerts/silences/\(id)/end", "form_token=\(token)", headers: crossSite).status == .forbidden)
            let ended = try await Self.post(client, "/alerts/silences/\(id)/end", "form_token=\(token)", headers: auth)
            #expect(ended.status == .seeOther)
            #expect(try store.silences(activeAtMs: ProbeExecutionClock.now() + 1000).isEmpty)
        }
    }
}

/// The wall clock as the daemon reads it.
enum ProbeExecutionClock {
    static func now() -> Int64 { Probe.ProbeExecution.systemWallClock() }
}
