import Foundation

/// Checks an HTML page with python3's `html.parser` (on a thread of its own, never the cooperative pool):
/// every element closed in order (void elements aside), and no `src`/`href`/`action` that leaves the site.
enum HTMLCheck {
    static let script = #"""
    import sys
    from html.parser import HTMLParser
    VOID = {"area","base","br","col","embed","hr","img","input","link","meta","source","track","wbr"}
    class Check(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.stack, self.problems = [], []
        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name in ("src", "href", "action", "data-href") and value is not None:
                    if value.startswith("//") or ":" in value.split("/")[0] and not value.startswith("https://mailprobe.test"):
                        self.problems.append("external %s=%s" % (name, value))
            if tag not in VOID:
                self.stack.append((tag, self.getpos()))
        def handle_startendtag(self, tag, attrs):
            self.handle_starttag(tag, attrs)
            if tag not in VOID:
                self.stack.pop()
        def handle_endtag(self, tag):
            if tag in VOID:
                return
            if not self.stack or self.stack[-1][0] != tag:
                self.problems.append("unexpected </%s> at %s, open: %s" % (tag, self.getpos(), self.stack[-3:]))
                return
            self.stack.pop()
    check = Check()
    check.feed(sys.stdin.read())
    check.close()
    if check.stack:
        check.problems.append("unclosed: %s" % check.stack[-5:])
    print("\n".join(check.problems[:20]))
    """#

    /// The problems found; empty when the page is well-formed and self-contained.
    static func problems(_ html: String) async throws -> [String] {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                do {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                    process.arguments = ["python3", "-c", script]
                    let input = Pipe(), output = Pipe()
                    process.standardInput = input
                    process.standardOutput = output
                    try process.run()
                    input.fileHandleForWriting.write(Data(html.utf8))
                    try input.fileHandleForWriting.close()
                    let data = output.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    let text = String(decoding: data, as: UTF8.self)
                    continuation.resume(returning: text.split(separator: "\n").map(String.init))
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }
}
