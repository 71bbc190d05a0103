extension DashboardTemplates {
    /// `/probes/{name}`: phases stacked, the total's distribution, routes compared, failures and alert periods.
    static let probe = """
    <h1>{{name}}{{#route}} <span class="route">{{route}}</span>{{/route}} <span class="status status-{{statusClass}}">{{statusWord}}</span></h1>
    <p class="summary">{{kind}} · {{description}}</p>
    {{#hasRoutes}}<nav class="routes" aria-label="Routes">Route: {{#routes}}<a href="{{href}}"{{#current}} aria-current="true"{{/current}}>{{label}}</a> {{/routes}}</nav>{{/hasRoutes}}
    <nav class="ranges" aria-label="Time range">Range: {{#ranges}}<a href="{{href}}" data-range{{#current}} aria-current="true"{{/current}}>{{label}}</a> {{/ranges}}
    <form class="custom-range" method="get" action="">
    {{#route}}<input type="hidden" name="route" value="{{route}}">{{/route}}
    <label>From <input name="since" value="{{since}}" size="21"></label> <label>to <input name="until" value="{{until}}" size="21"></label> <button type="submit">Show</button>
    </form>
    </nav>
    <p class="range-text">{{rangeText}} · <a href="{{phasesLink.href}}">{{phasesLink.label}}</a></p>
    <div class="charts">
    <figure class="chart">{{{stacked}}}<figcaption>Time per phase, stacked (mean per step). Marks on the time axis: failed runs by class, each a link to its run; shaded: alert periods.</figcaption></figure>
    <figure class="chart">{{{distribution}}}<figcaption>Total: the line is the median, the band p10 to p90 of each step, so jitter shows.</figcaption></figure>
    {{#transit}}<figure class="chart wide">{{{transit}}}<figcaption>Every route of the probe on one scale.</figcaption></figure>{{/transit}}
    </div>
    <section aria-labelledby="failures-heading">
    <h2 id="failures-heading">Failed runs in range ({{failureCount}})</h2>
    {{^failures}}<p>None.</p>{{/failures}}
    {{#hasFailures}}<div class="scroll"><table class="failures">
    <thead><tr><th scope="col">Started</th><th scope="col">Class</th><th scope="col">Status</th><th scope="col">What happened</th></tr></thead>
    <tbody>{{#failures}}<tr><td><a href="{{href}}">{{time}}</a></td><td>{{kind}}</td><td><span class="status status-{{status}}">{{status}}</span></td><td>{{message}}</td></tr>{{/failures}}</tbody>
    </table></div>{{/hasFailures}}
    </section>
    <section aria-labelledby="periods-heading">
    <h2 id="periods-heading">Alert periods in range</h2>
    {{^alertPeriods}}<p>None.</p>{{/alertPeriods}}
    <ul>{{#alertPeriods}}<li>{{.}}</li>{{/alertPeriods}}</ul>
    </section>

    """
}
