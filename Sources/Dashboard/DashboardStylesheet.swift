/// The pages' stylesheet (`/assets/dashboard.css`): light and dark from the system setting, a colour-blind-safe
/// palette (Okabe–Ito) whose statuses also differ by a symbol, tables that scroll on a phone.
enum DashboardStylesheet {
    static let css = """
    :root { color-scheme: light dark; --bg: #ffffff; --fg: #1d1d1f; --muted: #5f6368; --line: #d0d4d9; --panel: #f5f6f8;
      --link: #0057b3; --ok: #007a5a; --warning: #a35c00; --critical: #b3261e; --unknown: #5f6368; --band: #fff4e0; }
    @media (prefers-color-scheme: dark) {
      :root { --bg: #15171a; --fg: #e8eaed; --muted: #a0a6ad; --line: #3a3f45; --panel: #1f2226; --link: #8ab4f8;
        --ok: #4fd1a5; --warning: #f0b45a; --critical: #ff8a80; --unknown: #a0a6ad; --band: #3a2e1a; }
    }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
    a { color: var(--link); }
    .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: var(--panel); padding: 4px 8px; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    header.top { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 8px; padding: 10px 20px; border-bottom: 1px solid var(--line); background: var(--panel); }
    header.top nav a { margin-right: 14px; text-decoration: none; } header.top nav a[aria-current] { font-weight: 600; text-decoration: underline; }
    .brand { font-weight: 700; color: var(--fg) !important; }
    .location { color: var(--muted); }
    main { padding: 12px 20px 32px; max-width: 1400px; margin: 0 auto; }
    h1 { font-size: 1.5rem; margin: 8px 0; } h2 { font-size: 1.15rem; margin: 22px 0 8px; } h3 { font-size: 1rem; }
    .summary, .rendered, .range-text, .small, small { color: var(--muted); }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
    thead th { font-size: 0.85rem; color: var(--muted); font-weight: 600; white-space: nowrap; }
    td.num { text-align: right; white-space: nowrap; }
    td.spark { min-width: 130px; } td.spark svg { display: block; max-width: 160px; }
    .kind { font-size: 0.8rem; color: var(--muted); font-weight: normal; }
    .status { font-weight: 700; font-size: 0.8rem; letter-spacing: 0.03em; white-space: nowrap; }
    .status::before { display: inline-block; width: 1.1em; }
    .status-ok { color: var(--ok); } .status-ok::before { content: "●"; }
    .status-warning { color: var(--warning); } .status-warning::before { content: "▲"; }
    .status-critical { color: var(--critical); } .status-critical::before { content: "■"; }
    .status-unknown, .status-none { color: var(--unknown); } .status-unknown::before, .status-none::before { content: "◆"; }
    .matrix td.cell { text-align: center; min-width: 120px; border: 1px solid var(--line); }
    .matrix td.cell a { text-decoration: none; display: block; color: inherit; }
    .matrix td.status-ok { background: color-mix(in srgb, var(--ok) 14%, transparent); }
    .matrix td.status-warning { background: color-mix(in srgb, var(--warning) 18%, transparent); }
    .matrix td.status-critical { background: color-mix(in srgb, var(--critical) 18%, transparent); }
    .matrix td.status-absent { color: var(--muted); }
    .matrix .word { display: block; font-size: 0.75rem; font-weight: 700; }
    .alert, .cert { display: inline-block; padding: 1px 6px; border-radius: 3px; font-size: 0.8rem; border: 1px solid currentColor; margin: 1px 0; }
    .alert-warning, .cert-warning { color: var(--warning); } .alert-critical, .cert-critical { color: var(--critical); } .cert-ok { color: var(--ok); }
    nav.ranges, nav.routes { margin: 8px 0; } nav.ranges a, nav.routes a { margin-right: 8px; padding: 2px 8px; border: 1px solid var(--line); border-radius: 4px; text-decoration: none; }
    nav.ranges a[aria-current], nav.routes a[aria-current] { background: var(--link); color: var(--bg); border-color: var(--link); }
    form.custom-range { display: inline-block; margin-left: 12px; }
    input, select, button { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 3px 6px; }
    button { cursor: pointer; background: var(--panel); }
    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
    figure.chart { margin: 0; padding: 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); }
    figure.chart.wide { grid-column: 1 / -1; } figure.chart svg { display: block; width: 100%; height: auto; }
    figcaption { font-size: 0.8rem; color: var(--muted); margin-top: 4px; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; } dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
    .error { border-left: 4px solid var(--critical); padding: 4px 12px; background: var(--panel); }
    blockquote.reply { margin: 4px 0; padding: 4px 10px; border-left: 3px solid var(--muted); background: var(--panel); }
    .form-error { color: var(--critical); font-weight: 600; }
    table.transcript code { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.85rem; }
    tr.dir-client td:nth-child(2) { color: var(--link); } tr.dir-note td { color: var(--muted); }
    tr.flagged td { background: color-mix(in srgb, var(--warning) 12%, transparent); }
    fieldset { border: 1px solid var(--line); border-radius: 6px; margin-top: 12px; } fieldset label { display: inline-block; margin: 4px 12px 4px 0; }
    .tip { position: absolute; z-index: 10; background: var(--fg); color: var(--bg); padding: 3px 8px; border-radius: 4px; font-size: 0.8rem; pointer-events: none; max-width: 420px; }
    [data-href] { cursor: pointer; }
    @media (max-width: 700px) {
      main { padding: 8px 10px 24px; } .charts { grid-template-columns: 1fr; } header.top { padding: 8px 10px; }
      form.custom-range { display: block; margin: 8px 0 0; }
    }

    """
}
