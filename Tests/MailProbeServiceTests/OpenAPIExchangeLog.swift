import Foundation
import Hummingbird
import HummingbirdTesting
import Probe
import Synchronization

/// API calls made in-process, each response body kept in a file, then validated all at once against
/// `docs/openapi.yaml` by Python's `openapi-schema-validator` (the operation, the status, the media type,
/// the documented headers and the body's schema, `$ref`s inlined; request bodies of accepted calls too).
final class OpenAPIExchangeLog: Sendable {
    /// One call: the document's path template, what was sent and what came back.
    struct Exchange: Codable, Sendable {
        var path: String
        var method: String
        var uri: String
        var status: Int
        var contentType: String
        var headers: [String: String]
        var bodyFile: String
        /// The JSON sent, when the call is meant to be accepted (it is checked against the request schema).
        var requestBody: String?

        enum CodingKeys: String, CodingKey {
            case path, method, uri, status, headers
            case contentType = "content_type"
            case bodyFile = "body_file"
            case requestBody = "request_body"
        }
    }

    let directory: String
    private let exchanges = Mutex<[Exchange]>([])

    init(directory: String) {
        self.directory = directory
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    var count: Int { exchanges.withLock { $0.count } }

    /// Calls `uri` and records the answer under the document's `path` template; returns the response.
    @discardableResult
    func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, path: String,
              token: String?, body: String? = nil, accepted: Bool = false) async throws -> TestResponse {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil { headers[.contentType] = "application/json" }
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers,
                                                       body: body.map { ByteBuffer(string: $0) })
        let file = directory + "/\(count)-\(response.status.code).body"
        FileManager.default.createFile(atPath: file, contents: Data(response.body.readableBytesView))
        var fields: [String: String] = [:]
        for field in response.headers { fields[field.name.canonicalName] = field.value }
        let exchange = Exchange(path: path, method: method.rawValue.lowercased(), uri: uri, status: response.status.code,
                                contentType: response.headers[.contentType] ?? "", headers: fields, bodyFile: file,
                                requestBody: accepted ? body : nil)
        exchanges.withLock { $0.append(exchange) }
        return response
    }

    /// Validates every recorded exchange against `spec`; `nil` when all conform, else Python's findings.
    func validate(spec: String) async throws -> String? {
        let manifest = directory + "/exchanges.json"
        try JSONEncoder().encode(exchanges.withLock { $0 }).write(to: URL(fileURLWithPath: manifest))
        let (status, output) = try await Self.python(Self.validator, [spec, manifest])
        return status == 0 && output.contains("validated \(count) exchanges, 0 failures") ? nil : "exit \(status): \(output)"
    }

    /// Runs `python3 -c script arguments…` with the project's child-process runner, on a thread of its own.
    static func python(_ script: String, _ arguments: [String]) async throws -> (Int32, String) {
        let request = Probe.ChildProcess.Request(path: "/usr/bin/env", arguments: ["python3", "-c", script] + arguments,
                                                 timeout: .seconds(120), outputLimit: 1 << 20)
        let result = await DedicatedThread.run { Probe.ChildProcess.run(request) }
        let output = String(decoding: result.output + result.errorOutput, as: UTF8.self)
        guard case .exited(let status) = result.termination else { return (-1, "python3 did not finish: \(result.termination)\n\(output)") }
        return (status, output)
    }

    /// `validator SPEC MANIFEST`: prints one line per failure and `validated N exchanges, M failures`.
    static let validator = #"""
    import json, sys, yaml
    from openapi_schema_validator import OAS30Validator

    spec = yaml.safe_load(open(sys.argv[1]))
    exchanges = json.load(open(sys.argv[2]))

    def inline(node, seen=()):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref is not None:
                if ref in seen:
                    raise SystemExit("recursive $ref " + ref)
                target = spec
                for part in ref.lstrip("#/").split("/"):
                    target = target[part]
                return inline(target, seen + (ref,))
            return {key: inline(value, seen) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(value, seen) for value in node]
        return node

    paths = inline(spec["paths"])
    failures = []

    def check(where, schema, instance):
        validator = OAS30Validator(schema)
        for error in sorted(validator.iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path])[:5]:
            at = "/".join(str(p) for p in error.absolute_path) or "(top)"
            failures.append("%s: at %s: %s" % (where, at, error.message[:600]))

    for x in exchanges:
        where = "%s %s -> %d" % (x["method"].upper(), x["uri"], x["status"])
        operation = paths.get(x["path"], {}).get(x["method"])
        if operation is None:
            failures.append("%s: %s %s is not in the document" % (where, x["method"].upper(), x["path"]))
            continue
        if x.get("request_body") is not None:
            schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if schema is None:
                failures.append(where + ": sent a JSON body the document does not describe")
            else:
                check(where + " (request)", schema, json.loads(x["request_body"]))
        response = operation["responses"].get(str(x["status"]))
        if response is None:
            failures.append("%s: status %d is not documented for %s %s" % (where, x["status"], x["method"].upper(), x["path"]))
            continue
        for name in response.get("headers", {}):
            if name.lower() not in {h.lower() for h in x["headers"]}:
                failures.append("%s: documented header %s missing" % (where, name))
        body = open(x["body_file"], "rb").read()
        content = response.get("content")
        if not content:
            if body:
                failures.append("%s: documented without a body, got %d bytes" % (where, len(body)))
            continue
        media = x["content_type"].split(";")[0].strip()
        if media not in content:
            failures.append("%s: content type %r, documented %s" % (where, x["content_type"], ", ".join(content)))
            continue
        schema = content[media].get("schema", {})
        if media == "application/json":
            try:
                instance = json.loads(body)
            except ValueError as error:
                failures.append("%s: not JSON: %s" % (where, error))
                continue
        else:
            instance = body.decode("utf-8")
        check(where, schema, instance)

    for failure in failures:
        print(failure)
    print("validated %d exchanges, %d failures" % (len(exchanges), len(failures)))
    sys.exit(1 if failures else 0)
    """#
}
