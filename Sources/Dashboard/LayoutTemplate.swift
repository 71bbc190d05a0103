extension DashboardTemplates {
    /// The page around every body: head, navigation, the main element the script swaps on refresh, footer.
    static let layout = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light dark">
    <title>{{title}} · mailprobe</title>
    <link rel="stylesheet" href="/assets/dashboard.css">
    <link rel="stylesheet" href="/assets/charts.css">
    <script src="/assets/dashboard.js" defer></script>
    </head>
    <body>
    <a class="skip" href="#main">Skip to content</a>
    <header class="top">
    <nav aria-label="Main"><a class="brand" href="/">mailprobe</a> <a href="/"{{#overview}} aria-current="page"{{/overview}}>Overview</a> <a href="/alerts"{{#alerts}} aria-current="page"{{/alerts}}>Alerts</a></nav>
    {{#location}}<span class="location">location {{location}}</span>{{/location}}
    </header>
    <main id="main" data-refresh="{{refreshSeconds}}">
    {{{body}}}
    <p class="rendered">Rendered {{renderedAt}}. All times UTC.</p>
    </main>
    </body>
    </html>

    """
}
