import Foundation
import Probe

/// Debian's `chromium` without a screen: screenshots and the DOM after scripts ran, each run as a
/// child through `Probe.ChildProcess` on a thread of its own, with a timeout. The browser is kept
/// off the network (no updates, no sync, no pings): it loads only the loopback URL it is given.
enum HeadlessChromium {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `chromium` on `PATH` (Scripts/test installs it), or nil.
    static var path: String? {
        ChildProcess.executablePath(for: "chromium", searchPath: ProcessInfo.processInfo.environment["PATH"])
    }

    /// Where the tests' screenshots are kept: `.build/test-artifacts/`, created when missing.
    static var artifactDirectory: String {
        var url = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        while url.path != "/", url.lastPathComponent != ".build" { url.deleteLastPathComponent() }
        let base = url.path == "/" ? NSTemporaryDirectory() + "mailprobe-test-artifacts" : url.appendingPathComponent("test-artifacts").path
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        return base
    }

    /// Saves a 1280×900 PNG of `url` at `file`.
    static func screenshot(_ url: String, to file: String) async throws {
        try? FileManager.default.removeItem(atPath: file)
        _ = try await run(["--window-size=1280,900", "--screenshot=\(file)", url])
        guard let size = try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int, size > 1000 else {
            throw Failure(description: "chromium saved no screenshot of \(url) at \(file)")
        }
    }

    /// The document of `url` as the browser has it after loading (`--dump-dom`).
    static func dom(_ url: String) async throws -> String {
        try await run(["--dump-dom", url])
    }

    private static func run(_ arguments: [String]) async throws -> String {
        guard let path else { throw Failure(description: "chromium is not installed (Scripts/test installs Debian's chromium)") }
        let profile = NSTemporaryDirectory() + "mailprobe-chromium-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let request = ChildProcess.Request(
            path: path,
            arguments: ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
                        "--disable-domain-reliability", "--disable-breakpad", "--metrics-recording-only", "--no-pings",
                        "--hide-scrollbars"] + arguments,
            timeout: .seconds(90), killGrace: .seconds(2), outputLimit: 16 << 20)
        let result = await DedicatedThread.run { ChildProcess.run(request) }
        guard result.termination == .exited(0) else {
            let errors = String(decoding: result.errorOutput.suffix(2000), as: UTF8.self)
            throw Failure(description: "chromium \(arguments.joined(separator: " ")): \(result.termination); stderr: \(errors)")
        }
        return String(decoding: result.output, as: UTF8.self)
    }
}

/// The checks every dashboard page passes, through Python's `html.parser`: tags balanced (void
/// elements aside), and no URL that leaves loopback (`href`, `src`, `action`, CSS `url(…)`).
enum PageCheck {
    static let script = #"""
    import sys, re
    from html.parser import HTMLParser
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    LOCAL = re.compile(r"^(https?:)?//(127\.0\.0\.1|localhost)(:\d+)?(/|$)")
    class Check(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.stack, self.problems = [], []
        def where(self):
            return "line %d" % self.getpos()[0]
        def handle_starttag(self, tag, attrs):
            self.attributes(tag, attrs)
            if tag not in VOID:
                self.stack.append(tag)
        def handle_startendtag(self, tag, attrs):
            self.attributes(tag, attrs)
        def handle_endtag(self, tag):
            if tag in VOID:
                return
            if not self.stack or self.stack[-1] != tag:
                self.problems.append("%s: </%s> closes <%s>" % (self.where(), tag, self.stack[-1] if self.stack else "nothing"))
                if tag in self.stack:
                    while self.stack.pop() != tag:
                        pass
            else:
                self.stack.pop()
        def attributes(self, tag, attrs):
            for name, value in attrs:
                value = value or ""
                if name in ("href", "src", "action", "formaction", "poster", "srcset", "xlink:href") and self.external(value):
                    self.problems.append("%s: <%s %s=%r> leaves loopback" % (self.where(), tag, name, value))
                if name == "style":
                    self.css(value)
        def handle_data(self, data):
            if self.stack and self.stack[-1] == "style":
                self.css(data)
        def css(self, text):
            for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
                if self.external(url):
                    self.problems.append("%s: CSS url(%s) leaves loopback" % (self.where(), url))
            for url in re.findall(r"@import\s+['\"]([^'\"]+)", text):
                if self.external(url):
                    self.problems.append("%s: CSS @import %s leaves loopback" % (self.where(), url))
        def external(self, value):
            value = value.strip()
            return (re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value) or value.startswith("//")) and not LOCAL.match(value) \
                and not value.startswith(("#", "data:"))
    page = sys.stdin.read()
    check = Check()
    check.feed(page)
    check.close()
    if not re.match(r"\s*<!doctype html>", page, re.I):
        check.problems.append("no <!doctype html>")
    for tag in check.stack:
        check.problems.append("<%s> never closed" % tag)
    print("\n".join(check.problems))
    """#

    /// The problems of `html`, one a line; empty when it is well-formed and stays on loopback.
    static func problems(_ html: String) async throws -> [String] {
        guard let python = ChildProcess.executablePath(for: "python3", searchPath: ProcessInfo.processInfo.environment["PATH"]) else {
            throw HeadlessChromium.Failure(description: "python3 is not installed")
        }
        let request = ChildProcess.Request(path: python, arguments: ["-c", script], input: Array(html.utf8),
                                           timeout: .seconds(30), outputLimit: 1 << 20)
        let result = await DedicatedThread.run { ChildProcess.run(request) }
        guard result.termination == .exited(0) else {
            throw HeadlessChromium.Failure(description: "the page check failed: \(result.termination) \(String(decoding: result.errorOutput, as: UTF8.self))")
        }
        return String(decoding: result.output, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
