using System.Net;

namespace QpsFast.Dashboard;

/// <summary>
/// The dashboard's pages: self-contained HTML (no outside scripts, fonts or requests beyond this server), drawn in the
/// browser from the JSON of <see cref="SessionJson"/>. Every value reaches the page as text (never as HTML).
/// </summary>
public static class Pages
{
    private const string Head = """
        <meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,">
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2330; }
        header { background: #1d2330; color: #fff; padding: 10px 20px; display: flex; gap: 16px; align-items: baseline; }
        header a { color: #9cc3ff; } header .ro { margin-left: auto; font-size: 12px; color: #c8ccd4; }
        main { padding: 16px 20px; }
        h1 { font-size: 18px; margin: 0; } h2 { font-size: 15px; margin: 18px 0 6px; }
        table { border-collapse: collapse; background: #fff; width: 100%; font-variant-numeric: tabular-nums; }
        td { max-width: 320px; overflow: hidden; text-overflow: ellipsis; }
        th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e3e6eb; white-space: nowrap; }
        th { background: #eef1f5; font-weight: 600; } td.n, th.n { text-align: right; }
        .kpis { display: flex; flex-wrap: wrap; gap: 10px; }
        .kpi { background: #fff; border: 1px solid #e3e6eb; border-radius: 6px; padding: 8px 12px; min-width: 120px; }
        .kpi b { display: block; font-size: 18px; } .kpi span { font-size: 12px; color: #5b6475; }
        .state { padding: 1px 8px; border-radius: 10px; font-size: 12px; color: #fff; background: #5b6475; }
        .running { background: #1a7f37; } .finished { background: #2f6feb; } .torn, .corrupt, .FAIL, .STALE { background: #c4321c; }
        .PASS { background: #1a7f37; } .PARTIAL { background: #b7791f; }
        .problem { background: #fff4e5; border: 1px solid #f0b35a; padding: 8px 12px; border-radius: 6px; margin-bottom: 12px; }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 16px; }
        svg { background: #fff; border: 1px solid #e3e6eb; width: 100%; height: 260px; }
        .legend span { margin-right: 12px; font-size: 12px; } .pos { color: #1a7f37; } .neg { color: #c4321c; }
        </style>
        """;

    private static string Header(string title) =>
        $"<header><h1>{WebUtility.HtmlEncode(title)}</h1><a href=\"/\">sessions</a><span class=\"ro\">read-only: this dashboard never starts, stops or changes a session</span></header>";

    /// <summary>The sessions page.</summary>
    public static string Sessions(string logs) => $$"""
        <!doctype html><html lang="en"><head><title>QpsFast sessions</title>{{Head}}</head><body>
        {{Header("QpsFast sessions")}}
        <main>
        <p>Sessions under <code>{{WebUtility.HtmlEncode(logs)}}</code>, newest first; updated every 2 seconds.</p>
        <table id="sessions"><thead><tr><th>session</th><th>state</th><th>verified</th><th>from</th><th>to</th><th>symbols</th><th>alphas</th><th class="n">records</th><th class="n">fills</th><th class="n">P&amp;L</th><th>digest</th></tr></thead><tbody></tbody></table>
        <p id="empty" hidden>No sessions yet: <code>qps live</code> writes them here.</p>
        </main>
        <script>
        {{Script}}
        async function refresh() {
          let list;
          try { const r = await fetch('/api/sessions'); if (!r.ok) return; list = await r.json(); } catch (e) { return; }
          if (!Array.isArray(list)) return;
          const body = document.querySelector('#sessions tbody');
          body.replaceChildren(...list.map(s => {
            const tr = row([link('/sessions/' + encodeURIComponent(s.id), s.id), badge(s.state), badge(s.verdict), s.first_time || '', s.last_time || '',
              s.symbols || '', s.alphas || '', num(s.records, 0), num(s.fills, 0), signed(s.pnl), s.digest || '']);
            [7, 8, 9].forEach(i => tr.children[i].className = 'n');
            if (s.problem) tr.title = s.problem;
            return tr;
          }));
          document.getElementById('empty').hidden = list.length > 0;
        }
        refresh(); setInterval(refresh, 2000);
        </script></body></html>
        """;

    /// <summary>The page of session <paramref name="id"/>; when it does not exist, a page that says so.</summary>
    public static string Session(string id, bool exists)
    {
        if (!exists)
            return Message($"No session '{id}'", SessionIndex.IsValidId(id) ? "There is no session folder of that name under the logs folder. The sessions are listed at /." : "That is not a session id: letters, digits, '-', '_' and '.' only.");
        string title = "Session " + id;
        return $$"""
        <!doctype html><html lang="en"><head><title>{{WebUtility.HtmlEncode(title)}}</title>{{Head}}</head><body>
        {{Header(title)}}
        <main>
        <div id="problem" class="problem" hidden></div>
        <p><span id="state" class="state">…</span> <span id="verdict" class="state"></span> <span id="range"></span> <span id="report"></span></p>
        <div class="kpis">
          <div class="kpi"><span>portfolio equity</span><b id="equity">…</b></div>
          <div class="kpi"><span>P&amp;L</span><b id="pnl">…</b></div>
          <div class="kpi"><span>drawdown</span><b id="drawdown">…</b></div>
          <div class="kpi"><span>max drawdown</span><b id="max-drawdown">…</b></div>
          <div class="kpi"><span>fills</span><b id="fill-count">…</b></div>
          <div class="kpi"><span>inputs</span><b id="inputs">…</b></div>
          <div class="kpi"><span>inputs/s</span><b id="rate">…</b></div>
          <div class="kpi"><span>kill switch</span><b id="kill-switch">…</b></div>
          <div class="kpi" id="t2t-kpi" hidden><span>tick-to-trade p50 / p99 / p99.9 (µs)</span><b id="tick-to-trade"></b></div>
        </div>
        <div class="grid">
          <div><h2>Equity</h2><svg id="equity-chart"></svg><div id="legend" class="legend"></div></div>
          <div><h2>Drawdown (portfolio)</h2><svg id="drawdown-chart"></svg></div>
        </div>
        <h2>Books</h2><table id="books"><thead><tr><th>book</th><th class="n">equity</th><th class="n">P&amp;L</th><th class="n">fills</th></tr></thead><tbody></tbody></table>
        <div id="metrics-block" hidden><h2>Report metrics (results_detailed.json)</h2><table id="metrics"><thead><tr><th>book</th><th class="n">final equity</th><th class="n">total return</th><th class="n">Sharpe</th><th class="n">Sortino</th><th class="n">max drawdown</th><th class="n">win rate</th><th class="n">profit factor</th><th class="n">fills</th><th class="n">round trips</th></tr></thead><tbody></tbody></table></div>
        <h2>Open positions</h2><table id="positions"><thead><tr><th>book</th><th>symbol</th><th class="n">position</th><th class="n">average price</th><th class="n">last price</th><th class="n">unrealized P&amp;L</th></tr></thead><tbody></tbody></table>
        <div class="grid">
          <div><h2>Last fills</h2><table id="fills"><thead><tr><th>time</th><th>book</th><th>symbol</th><th class="n">quantity</th><th class="n">price</th><th class="n">fee</th></tr></thead><tbody></tbody></table></div>
          <div><h2>Last orders</h2><table id="orders"><thead><tr><th>time</th><th>book</th><th>symbol</th><th class="n">order</th><th class="n">quantity</th><th class="n">limit</th></tr></thead><tbody></tbody></table></div>
          <div><h2>Last signals</h2><table id="signals"><thead><tr><th>time</th><th>book</th><th>symbol</th><th class="n">target</th><th class="n">reference</th><th class="n">strength</th></tr></thead><tbody></tbody></table></div>
          <div><h2>Last rejects</h2><table id="rejects"><thead><tr><th>time</th><th>book</th><th>symbol</th><th>reason</th><th class="n">quantity</th><th class="n">value</th><th class="n">limit</th></tr></thead><tbody></tbody></table></div>
          <div><h2>Risk events</h2><table id="risk"><thead><tr><th>time</th><th>symbol</th><th>event</th><th class="n">value</th><th class="n">limit</th></tr></thead><tbody></tbody></table></div>
        </div>
        </main>
        <script>
        {{Script}}
        const id = {{System.Text.Json.JsonSerializer.Serialize(id)}};
        const colors = ['#1d2330', '#2f6feb', '#1a7f37', '#b7791f', '#8250df', '#c4321c', '#0a7ea4', '#6e7781'];
        function table(selector, rows, firstNumeric) {
          document.querySelector(selector + ' tbody').replaceChildren(...rows.map(r => row(r, firstNumeric)));
        }
        function chart(svg, series, percent) {
          const w = svg.clientWidth || 600, h = svg.clientHeight || 260, pad = 48;
          const all = series.flatMap(s => s.points);
          svg.replaceChildren();
          if (all.length < 2) return;
          let [t0, t1] = [Math.min(...all.map(p => p[0])), Math.max(...all.map(p => p[0]))];
          let [v0, v1] = [Math.min(...all.map(p => p[1])), Math.max(...all.map(p => p[1]))];
          if (v1 === v0) { v1 += 1; v0 -= 1; } if (t1 === t0) t1 += 1;
          const x = t => pad + (t - t0) / (t1 - t0) * (w - pad - 8), y = v => 8 + (v1 - v) / (v1 - v0) * (h - 32);
          const ns = 'http://www.w3.org/2000/svg';
          const text = (tx, ty, s, anchor) => { const e = document.createElementNS(ns, 'text'); e.setAttribute('x', tx); e.setAttribute('y', ty); e.setAttribute('font-size', '11'); e.setAttribute('text-anchor', anchor || 'start'); e.textContent = s; svg.append(e); };
          const fmt = v => percent ? (v * 100).toFixed(2) + '%' : v.toLocaleString('en-US', { maximumFractionDigits: 0 });
          text(pad - 4, 14, fmt(v1), 'end'); text(pad - 4, h - 24, fmt(v0), 'end');
          text(pad, h - 6, new Date(t0).toISOString().slice(0, 16).replace('T', ' ')); text(w - 8, h - 6, new Date(t1).toISOString().slice(0, 16).replace('T', ' '), 'end');
          series.forEach(s => {
            const line = document.createElementNS(ns, 'polyline');
            line.setAttribute('points', s.points.map(p => x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1)).join(' '));
            line.setAttribute('fill', 'none'); line.setAttribute('stroke', s.color); line.setAttribute('stroke-width', s.width || 1.2);
            svg.append(line);
          });
        }
        function render(s) {
          const problem = document.getElementById('problem');
          problem.hidden = !s.problem; problem.textContent = s.problem || '';
          const st = document.getElementById('state'); st.textContent = s.state; st.className = 'state ' + s.state;
          const vd = document.getElementById('verdict'); vd.textContent = s.verdict; vd.className = 'state ' + s.verdict;
          document.getElementById('range').textContent = s.first_time ? s.first_time + ' to ' + s.last_time + ' UTC, ' + (s.symbols || []).join(', ') : '';
          const report = document.getElementById('report');
          report.replaceChildren(...(s.report ? [link('/sessions/' + encodeURIComponent(id) + '/report.html', 'report.html')] : []));
          const t2t = document.getElementById('t2t-kpi'); t2t.hidden = !s.tick_to_trade;
          if (s.tick_to_trade) { document.getElementById('tick-to-trade').textContent = num(s.tick_to_trade.p50_us, 1) + ' / ' + num(s.tick_to_trade.p99_us, 1) + ' / ' + num(s.tick_to_trade.p99_9_us, 1); t2t.title = num(s.tick_to_trade.orders, 0) + ' orders, market message received to order on the socket'; }
          if (s.equity === undefined) return;
          document.getElementById('equity').textContent = money(s.equity);
          setSigned(document.getElementById('pnl'), s.pnl);
          document.getElementById('drawdown').textContent = (s.drawdown * 100).toFixed(2) + '%';
          document.getElementById('max-drawdown').textContent = (s.max_drawdown * 100).toFixed(2) + '%';
          document.getElementById('fill-count').textContent = num(s.fills, 0);
          document.getElementById('inputs').textContent = num(s.inputs, 0);
          document.getElementById('rate').textContent = num(s.inputs_per_second, 0);
          document.getElementById('kill-switch').textContent = s.kill_switch ? 'tripped ' + s.kill_switch.time + ' (' + s.kill_switch.reason + ')' : 'armed';
          const series = s.books.map((b, i) => ({ name: b.name, points: b.curve, color: i === s.books.length - 1 ? colors[0] : colors[1 + i % (colors.length - 1)], width: i === s.books.length - 1 ? 2.4 : 1.1 }));
          const initial = s.books.length - 1;
          chart(document.getElementById('equity-chart'), [...series.slice(0, initial).map(x => ({ ...x, points: x.points.map(p => [p[0], p[1] * initial]) })), series[initial]]);
          document.getElementById('legend').replaceChildren(...series.map(x => { const e = document.createElement('span'); e.style.color = x.color; e.textContent = '■ ' + x.name + (x.name === 'portfolio' ? '' : ' (×' + initial + ')'); return e; }));
          let peak = -Infinity;
          chart(document.getElementById('drawdown-chart'), [{ points: series[initial].points.map(p => { peak = Math.max(peak, p[1]); return [p[0], p[1] / peak - 1]; }), color: '#c4321c', width: 1.6 }], true);
          table('#books', s.books.map(b => [b.name, money(b.equity), signed(b.pnl), num(b.fills, 0)]), 1);
          table('#positions', s.positions.map(p => [p[0], p[1], p[2], p[3], p[4], signed(p[5])]), 2);
          table('#fills', s.fill_rows, 3); table('#orders', s.orders, 3); table('#signals', s.signals, 3);
          table('#rejects', s.rejects, 4); table('#risk', s.risk_events, 3);
          const m = document.getElementById('metrics-block'); m.hidden = !s.metrics;
          if (s.metrics) table('#metrics', s.metrics.map(r => [r.name, money(r.final_equity), pct(r.total_return), fix(r.sharpe), fix(r.sortino), pct(r.max_drawdown), pct(r.win_rate), fix(r.profit_factor), num(r.fills, 0), num(r.round_trips, 0)]), 1);
        }
        const source = new EventSource('/api/sessions/' + encodeURIComponent(id) + '/events');
        source.onmessage = e => render(JSON.parse(e.data));
        source.addEventListener('end', () => source.close());
        source.onerror = () => { if (source.readyState === EventSource.CLOSED) return; const p = document.getElementById('problem'); p.hidden = false; p.textContent = 'The connection to the dashboard was lost; retrying.'; };
        </script></body></html>
        """;
    }

    /// <summary>A page that only says something (a missing session, a missing report, an error).</summary>
    public static string Message(string title, string text) => $"""
        <!doctype html><html lang="en"><head><title>{WebUtility.HtmlEncode(title)}</title>{Head}</head><body>
        {Header(title)}
        <main><p class="problem">{WebUtility.HtmlEncode(text)}</p><p><a href="/">All sessions</a></p></main></body></html>
        """;

    // Helpers shared by both pages: cells from text only.
    private const string Script = """
        function row(cells, firstNumeric) {
          const tr = document.createElement('tr');
          cells.forEach((c, i) => {
            const td = document.createElement('td');
            if (c instanceof Node) td.append(c); else td.textContent = c === null || c === undefined ? '' : String(c);
            if (firstNumeric !== undefined && i >= firstNumeric) td.className = 'n';
            tr.append(td);
          });
          return tr;
        }
        function link(href, text) { const a = document.createElement('a'); a.href = href; a.textContent = text; return a; }
        function badge(text) { const s = document.createElement('span'); s.className = 'state ' + text; s.textContent = text; return s; }
        function num(v, d) { return v === null || v === undefined ? '' : Number(v).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }); }
        function money(v) { return num(v, 2); }
        function signed(v) { if (v === null || v === undefined) return ''; const s = document.createElement('span'); s.className = v > 0 ? 'pos' : v < 0 ? 'neg' : ''; s.textContent = (v > 0 ? '+' : '') + num(v, 2); return s; }
        function setSigned(e, v) { e.replaceChildren(signed(v)); }
        function pct(v) { return v === null || v === undefined ? '' : (v * 100).toFixed(2) + '%'; }
        function fix(v) { return v === null || v === undefined ? '' : Number(v).toFixed(2); }
        """;
}
