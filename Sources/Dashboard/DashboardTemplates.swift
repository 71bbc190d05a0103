import Mustache

/// The pages' Mustache templates (Swift string literals, one file each: the binary carries them), compiled once.
enum DashboardTemplates {
    /// What the layout needs around a page's body.
    struct Frame {
        var title: String
        var location: String?
        var refreshSeconds: Int
        var overview = false
        var alerts = false
        var body: String
        var renderedAt: String
    }

    /// The compiled templates by name; a template that does not compile is a programming error caught by the tests.
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        let sources = ["layout": layout, "overview": overview, "probe": probe, "run": run, "alerts": alertsPage]
        for (name, source) in sources {
            do { try library.register(source, named: name) } catch { preconditionFailure("template \(name): \(error)") }
        }
        return library
    }()

    /// `model` rendered with the template `name`, inside the layout.
    static func page(_ name: String, model: Any, frame: Frame) -> String {
        var frame = frame
        frame.body = library.render(model, withTemplate: name) ?? ""
        return layout(frame)
    }

    /// The layout around a body already in `frame`.
    static func layout(_ frame: Frame) -> String {
        library.render(frame, withTemplate: "layout") ?? ""
    }
}
