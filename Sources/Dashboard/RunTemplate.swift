extension DashboardTemplates {
    /// `/runs/{id}`: the waterfall, the error quoting the server, reasons, hops, TLS facts and transcripts.
    static let run = """
    <h1>Run {{id}} of <a href="{{probeHref}}">{{probe}}</a> <span class="status status-{{statusClass}}">{{statusWord}}</span></h1>
    <dl class="facts">{{#facts}}<dt>{{name}}</dt><dd>{{value}}</dd>{{/facts}}</dl>
    {{#errorMessage}}<section class="error" aria-labelledby="error-heading"><h2 id="error-heading">Error</h2><p>{{errorMessage}}</p>{{#errorReply}}<p>The server replied:</p><blockquote class="reply"><code>{{errorReply}}</code></blockquote>{{/errorReply}}</section>{{/errorMessage}}
    <figure class="chart wide">{{{waterfall}}}<figcaption>Each phase as a bar from the run's start, like a browser's network panel.</figcaption></figure>
    <section aria-labelledby="reasons-heading"><h2 id="reasons-heading">Reasons</h2>
    {{^reasons}}<p>None: every phase within its limits.</p>{{/reasons}}
    <ul class="reasons">{{#reasons}}<li><span class="status status-{{status}}">{{status}}</span> <strong>{{kind}}</strong> {{phase}}: {{message}}{{#reply}} <blockquote class="reply"><code>{{reply}}</code></blockquote>{{/reply}}</li>{{/reasons}}</ul>
    </section>
    {{#hasHops}}<section aria-labelledby="hops-heading"><h2 id="hops-heading">Received hops</h2><div class="scroll"><table class="hops">
    <thead><tr><th scope="col">#</th><th scope="col">By</th><th scope="col">From</th><th scope="col">With</th><th scope="col">At (UTC)</th><th scope="col">Delay</th><th scope="col">Clock skew</th><th scope="col">Flags</th></tr></thead>
    <tbody>{{#hops}}<tr{{#flagged}} class="flagged"{{/flagged}}><td>{{index}}</td><td>{{by}}</td><td>{{from}}</td><td>{{with}}</td><td>{{at}}</td><td class="num">{{delay}}</td><td class="num">{{skew}}</td><td>{{#flagged}}⚑ {{/flagged}}{{flags}}</td></tr>{{/hops}}</tbody>
    </table></div></section>{{/hasHops}}
    {{#endpoints}}<section aria-label="TLS of {{role}}"><h2>TLS: {{role}}</h2><dl class="facts">{{#facts}}<dt>{{name}}</dt><dd>{{value}}</dd>{{/facts}}</dl></section>{{/endpoints}}
    <section aria-labelledby="transcript-heading"><h2 id="transcript-heading">Protocol transcript</h2>
    {{^hasTranscripts}}<p>Not recorded for this run (serve.traces).</p>{{/hasTranscripts}}
    {{#transcripts}}<h3>{{session}}</h3><div class="scroll"><table class="transcript">
    <thead><tr><th scope="col">ms</th><th scope="col">Dir</th><th scope="col">Line (credentials masked)</th></tr></thead>
    <tbody>{{#lines}}<tr class="dir-{{dirClass}}"><td class="num">{{offset}}</td><td>{{dir}}</td><td><code>{{line}}</code></td></tr>{{/lines}}</tbody>
    </table></div>{{/transcripts}}
    </section>

    """
}
