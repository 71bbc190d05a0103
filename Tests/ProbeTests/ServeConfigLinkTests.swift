import Testing

@testable import Probe

/// `serve.public_url` joined with a dashboard path: one slash between them, whatever the URL ends with.
@Suite("Config: public_url links")
struct ServeConfigLinkTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var publicURL: String
        var path: String
        var link: String
        var testDescription: String { "\(publicURL) + \(path)" }
    }

    static let cases = [
        Case(publicURL: "https://x", path: "/runs/5", link: "https://x/runs/5"),
        Case(publicURL: "https://x/", path: "/runs/5", link: "https://x/runs/5"),
        Case(publicURL: "https://x//", path: "/runs/5", link: "https://x/runs/5"),
        Case(publicURL: "https://x/mailprobe", path: "/runs/5", link: "https://x/mailprobe/runs/5"),
        Case(publicURL: "https://x/mailprobe/", path: "runs/5", link: "https://x/mailprobe/runs/5"),
        Case(publicURL: "https://x/", path: "/", link: "https://x/"),
    ]

    @Test(arguments: cases) func joinsWithOneSlash(_ c: Case) {
        #expect(ServeConfig(publicURL: c.publicURL).publicLink(c.path) == c.link)
    }

    @Test(arguments: ["http://probe.example", "http://probe.example/"]) func parsedURLGivesTheSameRunLink(_ url: String) throws {
        let config = try ProbeConfigFile.parse(yaml: "serve:\n  public_url: \(url)\n" + ConfigServeTests.accounts, file: "mailprobe.yaml")
        #expect(config.serve.publicURL == url)
        #expect(config.serve.runLink(5) == "http://probe.example/runs/5")
    }

    @Test func noPublicURLNoLink() {
        #expect(ServeConfig().runLink(5) == nil)
        #expect(ServeConfig().publicLink("/") == nil)
    }
}
