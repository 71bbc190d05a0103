extension DashboardTemplates {
    /// `/`: the probes table and the transit matrices.
    static let overview = """
    <h1>Overview</h1>
    <p class="summary">{{probeCount}} probe(s), <a href="/alerts">{{firingCount}} alert(s) firing</a>.</p>
    <section aria-labelledby="probes-heading">
    <h2 id="probes-heading">Probes and routes</h2>
    <div class="scroll">
    <table class="probes">
    <thead><tr><th scope="col">Probe</th><th scope="col">Route</th><th scope="col">Status</th><th scope="col">Last total</th><th scope="col">Last delivery</th><th scope="col">Total, up to 24 h</th><th scope="col">Availability 24 h</th><th scope="col">7 d</th><th scope="col">30 d</th><th scope="col">Open alerts</th><th scope="col">Certificates (days left)</th></tr></thead>
    <tbody>
    {{#rows}}
    <tr>
    <th scope="row"><a href="{{href}}">{{probe}}</a> <span class="kind">{{kind}}</span></th>
    <td>{{route}}</td>
    <td><span class="status status-{{statusClass}}">{{statusWord}}</span>{{#lastRunHref}}<br><a class="small" href="{{lastRunHref}}">{{lastRunAt}}</a>{{/lastRunHref}}</td>
    <td class="num">{{lastTotal}}</td>
    <td class="num">{{lastDelivery}}</td>
    <td class="spark">{{{sparkline}}}</td>
    {{#availability}}<td class="num">{{.}}</td>{{/availability}}
    <td>{{#alerts}}<a class="alert alert-{{severity}}" href="{{href}}">{{severity}} since {{since}}</a> {{/alerts}}</td>
    <td>{{#certificates}}<span class="cert cert-{{level}}">{{role}} {{days}}</span> {{/certificates}}</td>
    </tr>
    {{/rows}}
    </tbody>
    </table>
    </div>
    </section>
    {{#matrices}}
    <section aria-label="{{probe}} transit matrix">
    <h2><a href="{{href}}">{{probe}}</a>: transit matrix</h2>
    <div class="scroll">
    <table class="matrix">
    <caption>Rows send, columns receive. Each cell: the last transit, and the median over 24 h.</caption>
    <thead><tr><th scope="col">From \\ to</th>{{#receivers}}<th scope="col">{{name}}</th>{{/receivers}}</tr></thead>
    <tbody>
    {{#rows}}
    <tr><th scope="row">{{sender}}</th>{{#cells}}<td class="cell status-{{statusClass}}">{{#probed}}<a href="{{href}}"><span class="word">{{statusWord}}</span> {{last}}<br><small>median {{median}}</small></a>{{/probed}}{{^probed}}<span class="word">{{statusWord}}</span>{{/probed}}</td>{{/cells}}</tr>
    {{/rows}}
    </tbody>
    </table>
    </div>
    </section>
    {{/matrices}}

    """
}
