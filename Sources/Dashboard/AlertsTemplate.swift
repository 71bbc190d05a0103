extension DashboardTemplates {
    /// `/alerts`: firing alerts, silences with their forms, history.
    static let alertsPage = """
    <h1>Alerts</h1>
    {{#error}}<p class="form-error" role="alert">The silence was not saved: {{error}}</p>{{/error}}
    <section aria-labelledby="firing-heading"><h2 id="firing-heading">Firing</h2>
    {{^hasFiring}}<p>Nothing is firing.</p>{{/hasFiring}}
    {{#hasFiring}}<div class="scroll"><table class="firing">
    <thead><tr><th scope="col">Alert</th><th scope="col">Severity</th><th scope="col">Since</th><th scope="col">Cause</th><th scope="col">Run</th></tr></thead>
    <tbody>{{#firing}}<tr><td><a href="{{href}}">{{key}}</a></td><td><span class="status status-{{severity}}">{{severity}}</span></td><td>{{since}}</td><td>{{words}}{{#detail}}<br><small>{{detail}}</small>{{/detail}}{{#reply}}<blockquote class="reply"><code>{{reply}}</code></blockquote>{{/reply}}</td><td>{{#runHref}}<a href="{{runHref}}">the run</a>{{/runHref}}</td></tr>{{/firing}}</tbody>
    </table></div>{{/hasFiring}}
    </section>
    <section aria-labelledby="silences-heading"><h2 id="silences-heading">Silences</h2>
    {{^hasSilences}}<p>No silence is in force or planned.</p>{{/hasSilences}}
    {{#hasSilences}}<div class="scroll"><table class="silences">
    <thead><tr><th scope="col">Silences</th><th scope="col">From</th><th scope="col">Until</th><th scope="col">Comment</th><th scope="col">By</th><th scope="col"><span class="visually-hidden">End</span></th></tr></thead>
    <tbody>{{#silences}}<tr><td>{{matcher}}{{^active}} <small>(planned)</small>{{/active}}</td><td>{{starts}}</td><td>{{ends}}</td><td>{{comment}}</td><td>{{createdBy}}</td>
    <td><form method="post" action="/alerts/silences/{{id}}/end"><input type="hidden" name="form_token" value="{{formToken}}"><button type="submit">End now</button></form></td></tr>{{/silences}}</tbody>
    </table></div>{{/hasSilences}}
    <form class="silence" method="post" action="/alerts/silences">
    <fieldset><legend>New silence</legend>
    <input type="hidden" name="form_token" value="{{formToken}}">
    <label>Probe <select name="probe"><option value="">(any, give a route)</option>{{#probes}}<option value="{{value}}">{{label}}</option>{{/probes}}</select></label>
    <label>Route <input name="route" placeholder="corp->other" size="18"></label>
    <label>For <select name="duration"><option value="30m">30 minutes</option><option value="1h" selected>1 hour</option><option value="2h">2 hours</option><option value="8h">8 hours</option><option value="1d">1 day</option><option value="7d">7 days</option></select></label>
    <label>Comment <input name="comment" required size="30"></label>
    <label>By <input name="created_by" size="12"></label>
    <button type="submit">Silence</button>
    {{#tokenNote}}<p class="small">Needs the API token (the password you signed in with).</p>{{/tokenNote}}
    </fieldset>
    </form>
    </section>
    <section aria-labelledby="history-heading"><h2 id="history-heading">History</h2>
    {{^history}}<p>No alert has fired yet.</p>{{/history}}
    <div class="scroll"><table class="history">
    <thead><tr><th scope="col">When</th><th scope="col">Alert</th><th scope="col">Event</th><th scope="col">Severity</th><th scope="col">Summary</th><th scope="col">Run</th></tr></thead>
    <tbody>{{#history}}<tr><td>{{at}}</td><td>{{key}}</td><td>{{event}}{{#held}} <small>(held: {{held}})</small>{{/held}}</td><td><span class="status status-{{severity}}">{{severity}}</span></td><td>{{summary}}</td><td>{{#runHref}}<a href="{{runHref}}">the run</a>{{/runHref}}</td></tr>{{/history}}</tbody>
    </table></div>
    </section>

    """
}
