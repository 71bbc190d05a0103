import Foundation
import MonitorCore
import Notify
import Testing

/// SMS through a local Twilio-shaped receiver and a generic gateway.
@Suite(.serialized) struct SMSTests {
    static let sid = "AC0123456789abcdef0123456789abcdef"
    static let token = "twilio-auth-token-9b7c5e"
    static let queued = CannedReply(status: 201, body: #"{"sid":"SM1","status":"queued","error_code":null,"error_message":null}"#)

    func twilio(_ base: String, to: [String] = ["+4915112345678"], timeout: Duration = .seconds(10)) -> SMSConfiguration {
        SMSConfiguration(gateway: .twilio(TwilioGateway(accountSID: Self.sid, authToken: Self.token, baseURL: base)),
                         from: "+15005550006", to: to, timeout: timeout)
    }

    func send(_ configuration: SMSConfiguration, notice: AlertNotice = Fixtures.notice(),
              capture: LogCapture = LogCapture()) async -> NotificationOutcome {
        let set = NotifierSet(["pager": .sms(configuration)], logger: capture.logger)
        let outcome = await set.notifier(named: "pager")?.send(notice)
        await set.shutdown()
        return outcome ?? .failed("no notifier", latency: .zero, retryable: false)
    }

    @Test func twilioFormPostWithBasicAuthPerRecipient() async throws {
        let receiver = try await HTTPReceiver.start([Self.queued])
        let capture = LogCapture()
        let outcome = await send(twilio(receiver.base, to: ["+4915112345678", "+4917000000001"]), capture: capture)
        await receiver.stop()
        #expect(outcome.delivered && outcome.httpStatus == 201)
        let requests = receiver.requests
        #expect(requests.count == 2)
        for (request, recipient) in zip(requests, ["+4915112345678", "+4917000000001"]) {
            #expect(request.method == "POST")
            #expect(request.path == "/2010-04-01/Accounts/\(Self.sid)/Messages.json")
            #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
            let credentials = try #require(request.header("Authorization").flatMap { header in
                header.hasPrefix("Basic ") ? Data(base64Encoded: String(header.dropFirst(6))) : nil
            })
            #expect(String(decoding: credentials, as: UTF8.self) == "\(Self.sid):\(Self.token)")
            #expect(request.text.contains("To=%2B"), "the + of the number is percent-encoded")
            let form = request.form
            #expect(form["To"] == recipient && form["From"] == "+15005550006")
            let body = try #require(form["Body"])
            #expect(SMSText.fitsOneSegment(body))
            #expect(body.hasPrefix("CRITICAL corp-roundtrip (office-berlin)"))
            #expect(body.hasSuffix("...\nhttps://mailprobe.example/runs/42"))
        }
        Fixtures.expectNoSecrets(Fixtures.texts([outcome], capture), [Self.token])
    }

    struct Row: Sendable {
        var reply: CannedReply
        var retryable: Bool
        var mentions: String
    }

    @Test(arguments: [
        Row(reply: CannedReply(status: 200, body: #"{"sid":"SM1","status":"failed","error_code":30008,"error_message":"Unknown error"}"#),
            retryable: false, mentions: "failed (error 30008): Unknown error"),
        Row(reply: CannedReply(status: 201, body: #"{"sid":"SM1","status":"undelivered","error_code":null}"#),
            retryable: false, mentions: "undelivered"),
        Row(reply: CannedReply(status: 201, body: #"{"sid":"SM1","status":"queued","error_code":21610}"#),
            retryable: false, mentions: "error 21610"),
        Row(reply: CannedReply(status: 201, body: "<html>not json</html>"), retryable: false, mentions: "not a JSON object"),
        Row(reply: CannedReply(status: 500, body: #"{"code":20500,"message":"Internal Server Error"}"#),
            retryable: true, mentions: "HTTP 500"),
        Row(reply: CannedReply(status: 429, body: #"{"code":20429,"message":"Too Many Requests"}"#),
            retryable: true, mentions: "HTTP 429"),
        Row(reply: CannedReply(status: 400, body: #"{"code":21211,"message":"Invalid 'To' Phone Number"}"#),
            retryable: false, mentions: "Invalid 'To' Phone Number"),
        Row(reply: CannedReply(status: 401, body: #"{"code":20003,"message":"Authenticate with twilio-auth-token-9b7c5e"}"#),
            retryable: false, mentions: "[redacted]"),
    ])
    func failures(_ row: Row) async throws {
        let receiver = try await HTTPReceiver.start([row.reply])
        let capture = LogCapture()
        let outcome = await send(twilio(receiver.base), capture: capture)
        await receiver.stop()
        #expect(!outcome.delivered)
        #expect(outcome.retryable == row.retryable)
        #expect(outcome.httpStatus == row.reply.status)
        #expect(outcome.error?.contains(row.mentions) == true, "\(outcome.error ?? "")")
        Fixtures.expectNoSecrets(Fixtures.texts([outcome], capture), [Self.token])
    }

    @Test func oneFailedRecipientFailsTheNotice() async throws {
        let receiver = try await HTTPReceiver.start([Self.queued, CannedReply(status: 400, body: #"{"message":"bad number"}"#)])
        let outcome = await send(twilio(receiver.base, to: ["+491", "+492"]))
        await receiver.stop()
        #expect(!outcome.delivered && !outcome.retryable && outcome.httpStatus == 400)
        #expect(outcome.error?.hasPrefix("1 of 2 sent; +492: ") == true, "\(outcome.error ?? "")")
    }

    @Test func aRetrySendsOnlyToTheRecipientsNotYetReached() async throws {
        let unavailable = CannedReply(status: 503, body: #"{"code":20503,"message":"Service Unavailable"}"#)
        let receiver = try await HTTPReceiver.start([Self.queued, unavailable, Self.queued, Self.queued])
        let set = NotifierSet(["pager": .sms(twilio(receiver.base, to: ["+491", "+492", "+493"]))], logger: LogCapture().logger)
        let notifier = try #require(set.notifier(named: "pager"))
        let first = await notifier.send(Fixtures.notice())
        #expect(!first.delivered && first.retryable)
        #expect(first.deliveredParts == ["+491", "+493"])
        #expect(first.error?.hasPrefix("2 of 3 sent; +492: ") == true, "\(first.error ?? "")")
        let retry = await notifier.send(Fixtures.notice(), skipping: Set(first.deliveredParts))
        await set.shutdown()
        await receiver.stop()
        #expect(retry.delivered)
        #expect(retry.deliveredParts == ["+491", "+492", "+493"])
        #expect(receiver.requests.map { $0.form["To"] } == ["+491", "+492", "+493", "+492"], "the retry went to +492 alone")
    }

    @Test func aHangingGatewayHitsTheTimeout() async throws {
        let listener = try SilentListener()
        let start = ContinuousClock.now
        let outcome = await send(twilio("http://127.0.0.1:\(listener.port)", timeout: .milliseconds(800)))
        let elapsed = start.duration(to: .now)
        #expect(!outcome.delivered && outcome.retryable && outcome.httpStatus == nil)
        #expect(outcome.error?.contains("within 800 ms") == true, "\(outcome.error ?? "")")
        #expect(elapsed >= .milliseconds(800))
        #expect(elapsed < .seconds(5))
        #expect(outcome.latency >= .milliseconds(800))
    }

    @Test func genericJSONGatewayWithSuccessMatch() async throws {
        let receiver = try await HTTPReceiver.start([CannedReply(status: 200, body: #"{"result":"accepted"}"#),
                                                     CannedReply(status: 200, body: #"{"result":"rejected"}"#)])
        let gateway = GenericSMSGateway(method: "PUT", url: receiver.base + "/send/{to}",
                                        body: .json(#"{"msisdn":"{to}","text":"{body}","sender":"{from}","left":"{nope}"}"#),
                                        headers: ["X-Api-Key": "gw-key-55aa33"], successMatch: #""accepted""#)
        let configuration = SMSConfiguration(gateway: .generic(gateway), from: "MailProbe", to: ["+4915112345678"])
        let capture = LogCapture()
        let notice = Fixtures.notice(summary: "WARNING \"quoted\" probe\\slow", runURL: nil)
        let first = await send(configuration, notice: notice, capture: capture)
        let second = await send(configuration, notice: notice, capture: capture)
        await receiver.stop()
        #expect(first.delivered)
        #expect(!second.delivered && !second.retryable && second.error?.contains("lacks") == true)
        let request = try #require(receiver.requests.first)
        #expect(request.method == "PUT" && request.path == "/send/%2B4915112345678")
        #expect(request.header("X-Api-Key") == "gw-key-55aa33")
        let json = try request.json()
        #expect(json["msisdn"] as? String == "+4915112345678" && json["sender"] as? String == "MailProbe")
        #expect(json["text"] as? String == "WARNING \"quoted\" probe\\slow")
        #expect(json["left"] as? String == "{nope}")
        Fixtures.expectNoSecrets(Fixtures.texts([first, second], capture), ["gw-key-55aa33"])
    }

    @Test func genericFormGateway() async throws {
        let receiver = try await HTTPReceiver.start()
        let gateway = GenericSMSGateway(url: receiver.base + "/sms",
                                        body: .form(["number": "{to}", "message": "{body}", "from": "{from}"]))
        let outcome = await send(SMSConfiguration(gateway: .generic(gateway), from: "Mail Probe", to: ["+100"]),
                                 notice: Fixtures.notice(summary: "OK & done", runURL: nil))
        await receiver.stop()
        #expect(outcome.delivered)
        let form = try #require(receiver.requests.first).form
        #expect(form == ["number": "+100", "message": "OK & done", "from": "Mail Probe"])
    }
}
