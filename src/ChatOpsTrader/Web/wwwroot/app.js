// ChatOpsTrader dashboard. Plain script, no dependencies, served from the host only (CSP: script-src 'self').
// Every piece of data reaches the page through textContent or a fixed attribute; nothing is parsed as HTML.
(function () {
  'use strict';

  var TOKEN_KEY = 'chatops.token';
  var REFRESH_MIN_MS = 1500;
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var TONES = { ok: 'tone-ok', warn: 'tone-warn', danger: 'tone-danger' };
  var SEVERITIES = { info: 'sev-info', success: 'sev-success', warning: 'sev-warning', danger: 'sev-danger' };
  var BUTTON_STYLES = { primary: 'primary', secondary: '', danger: 'danger' };
  var FEED_CLASSES = { ok: 'pill-ok', closed: 'pill-muted', stale: 'pill-warn', down: 'pill-danger' };

  var token = null;
  var tradeFilter = '';
  var stream = null;
  var refreshTimer = null;
  var lastRefresh = 0;
  var refreshing = false;
  var refreshAgain = false;
  var signedIn = false;
  var lastEventAt = 0;
  var STREAM_SILENT_MS = 45000;

  function $(id) { return document.getElementById(id); }

  // Builds an element; text goes through textContent, attributes only from the fixed names the code passes.
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }

  function num(v) { return typeof v === 'number' ? v : Number(v); }

  function money(v) {
    var n = num(v);
    if (!isFinite(n)) return '–';
    var s = Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return (n < 0 ? '-' : n > 0 ? '+' : '') + s;
  }

  function plain(v, digits) {
    var n = num(v);
    if (v === null || v === undefined || !isFinite(n)) return '–';
    return n.toLocaleString('en-US', { minimumFractionDigits: digits || 0, maximumFractionDigits: digits === undefined ? 4 : digits });
  }

  function utc(iso, withDate) {
    if (!iso) return '–';
    var d = new Date(iso);
    if (isNaN(d.getTime())) return String(iso);
    var s = d.toISOString();
    return withDate ? s.slice(5, 10) + ' ' + s.slice(11, 19) : s.slice(11, 19);
  }

  function signClass(v) { var n = num(v); return n < 0 ? 'neg' : n > 0 ? 'pos' : ''; }

  // ---- token and sign-in -------------------------------------------------------------------------------------------

  // The printed URL carries the token (?token= or #token=): keep it for this tab only and take it out of the address bar.
  function takeTokenFromAddress() {
    var url = new URL(window.location.href);
    var hash = new URLSearchParams(url.hash.replace(/^#/, ''));
    var found = url.searchParams.get('token') || hash.get('token');
    if (url.searchParams.has('token') || hash.has('token')) {
      url.searchParams.delete('token');
      window.history.replaceState(null, '', url.pathname + url.search);
    }
    if (found) sessionStorage.setItem(TOKEN_KEY, found.trim());
  }

  function clearData() {
    ['positions-body', 'orders-body', 'trades-body', 'audit-body', 'incidents-list', 'rejections-list', 'console-log', 'equity-chart']
      .forEach(function (id) { $(id).replaceChildren(); });
    ['state', 'state-reason', 'state-meta', 'pnl-day', 'pnl-day-limit', 'pnl-week', 'pnl-week-limit', 'pnl-drawdown',
      'pnl-drawdown-limit', 'orders-today', 'counts', 'broker', 'feed', 'equity-caption', 'positions-error']
      .forEach(function (id) { $(id).textContent = ''; });
  }

  // keepToken: the token was not refused (the host could not answer), so a reload tries it again.
  function showSignIn(message, keepToken) {
    signedIn = false;
    token = null;
    if (!keepToken) sessionStorage.removeItem(TOKEN_KEY);
    stopStream();
    clearData();
    $('app').hidden = true;
    $('signin').hidden = false;
    $('signin-message').textContent = message || '';
    $('signin-token').value = '';
    $('signin-token').focus();
  }

  function showApp() {
    $('signin').hidden = true;
    $('app').hidden = false;
  }

  // ---- API ---------------------------------------------------------------------------------------------------------

  function Unauthorized() { this.name = 'Unauthorized'; }

  function api(path, options) {
    options = options || {};
    var sentWith = token;
    var headers = { 'Accept': 'application/json', 'Authorization': 'Bearer ' + token };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(path, {
      method: options.method || 'GET',
      headers: headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
      referrerPolicy: 'no-referrer'
    }).then(function (response) {
      // Signed out (or in with another token) meanwhile: the answer belongs to nobody on this page now.
      if (token !== sentWith) throw new Unauthorized();
      if (response.status === 401) {
        showSignIn('The token was not accepted. Sign in again with the current dashboard token.');
        throw new Unauthorized();
      }
      return response.json().catch(function () { return null; }).then(function (body) {
        if (!response.ok && !options.allowError) {
          var what = body && body.error ? body.error + (body.detail ? ': ' + body.detail : '') : 'HTTP ' + response.status;
          throw new Error(what);
        }
        return { status: response.status, body: body };
      });
    });
  }

  // ---- header and P&L ----------------------------------------------------------------------------------------------

  function renderOverview(o) {
    var top = $('top');
    top.className = 'top ' + (TONES[o.tone] || 'tone-unknown');
    top.setAttribute('data-state', String(o.state));
    $('state').textContent = o.state;
    $('state-reason').textContent = o.reason;
    $('state-meta').textContent = 'by ' + o.actor + ' since ' + utc(o.since, true) + ' UTC · trading day ' + o.tradingDay;

    var broker = $('broker');
    broker.className = 'pill ' + (o.broker.connected ? 'pill-ok' : 'pill-danger');
    broker.textContent = (o.broker.connected ? 'Broker connected' : 'Broker DISCONNECTED');
    broker.title = o.broker.detail;

    var feed = $('feed');
    feed.className = 'pill ' + (FEED_CLASSES[o.dataFeed.status] || 'pill-muted');
    feed.textContent = 'Data ' + o.dataFeed.status;
    feed.title = o.dataFeed.detail;

    var p = o.pnl;
    setMoney('pnl-day', p.day);
    $('pnl-day-limit').textContent = 'realized ' + money(p.realizedToday) + ' · loss limit ' + plain(p.dailyLossLimit, 2);
    meter('pnl-day-meter', -num(p.day), num(p.dailyLossLimit));
    setMoney('pnl-week', p.week);
    $('pnl-week-limit').textContent = 'realized ' + money(p.realizedWeek) + ' · loss limit ' + plain(p.weeklyLossLimit, 2);
    meter('pnl-week-meter', -num(p.week), num(p.weeklyLossLimit));
    $('pnl-drawdown').textContent = plain(p.drawdown, 2);
    $('pnl-drawdown-limit').textContent = 'limit ' + plain(p.maxDrawdown, 2);
    $('orders-today').textContent = o.ordersToday + ' / ' + o.maxOrdersPerDay;
    $('counts').textContent = o.positions + ' positions · ' + o.workingOrders + ' working · ' + o.openIncidents + ' incidents';

    var list = $('rejections-list');
    list.replaceChildren();
    (o.rejections || []).forEach(function (r) {
      var li = el('li');
      li.appendChild(el('span', 'muted', utc(r.time) + ' '));
      li.appendChild(el('strong', null, r.symbol));
      li.appendChild(el('span', null, ' ' + r.strategy + ' · ' + r.rule + ': ' + r.message));
      list.appendChild(li);
    });
    $('rejections').hidden = list.childElementCount === 0;
  }

  function setMoney(id, v) {
    var node = $(id);
    node.textContent = money(v);
    node.className = 'card-value ' + signClass(v);
  }

  // How much of a loss limit is used, as a bar (a gain uses none).
  function meter(id, loss, limit) {
    var used = limit > 0 ? Math.max(0, Math.min(1, loss / limit)) : 0;
    var node = $(id);
    node.style.width = (used * 100).toFixed(1) + '%';
    node.className = 'meter-fill' + (used >= 0.8 ? ' meter-danger' : used >= 0.5 ? ' meter-warn' : '');
  }

  // ---- equity chart (SVG, drawn here) --------------------------------------------------------------------------

  var lastCurve = null;

  function renderEquity(curve) {
    lastCurve = curve;
    var chart = $('equity-chart');
    chart.replaceChildren();
    // One user unit per CSS pixel, so labels keep their size at any width.
    var W = Math.max(240, Math.round(chart.getBoundingClientRect().width) || 600), H = 200, L = 56, R = 8, T = 10, B = 22;
    chart.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    var points = (curve.points || []).map(function (p) { return { t: new Date(p.time).getTime(), v: num(p.pnl) }; })
      .filter(function (p) { return isFinite(p.t) && isFinite(p.v); });
    chart.setAttribute('data-points', String(points.length));
    if (points.length === 0) {
      chart.appendChild(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', 'class': 'chart-label' })).textContent = 'No equity points yet';
      $('equity-caption').textContent = 'Equity curve of ' + curve.tradingDay + ': no points yet';
      return;
    }
    var t0 = points[0].t, t1 = points[points.length - 1].t;
    if (t1 <= t0) t1 = t0 + 1000;
    var lo = Math.min(0, Math.min.apply(null, points.map(function (p) { return p.v; })));
    var hi = Math.max(0, Math.max.apply(null, points.map(function (p) { return p.v; })));
    var limit = num(curve.dailyLossLimit);
    // Show the loss limit line when the curve comes within half of it.
    var showLimit = isFinite(limit) && limit > 0 && lo <= -limit / 2;
    if (showLimit) lo = Math.min(lo, -limit);
    if (hi - lo < 1) { hi += 0.5; lo -= 0.5; }
    var pad = (hi - lo) * 0.08;
    hi += pad; lo -= pad;
    function x(t) { return L + (t - t0) / (t1 - t0) * (W - L - R); }
    function y(v) { return T + (hi - v) / (hi - lo) * (H - T - B); }

    chart.appendChild(svg('line', { x1: L, x2: W - R, y1: y(0), y2: y(0), 'class': 'chart-zero' }));
    if (showLimit) {
      chart.appendChild(svg('line', { x1: L, x2: W - R, y1: y(-limit), y2: y(-limit), 'class': 'chart-limit' }));
      chart.appendChild(svg('text', { x: W - R, y: y(-limit) - 3, 'text-anchor': 'end', 'class': 'chart-label chart-limit-label' })).textContent = 'daily loss limit';
    }
    // Axis labels at the top, zero and the bottom, leaving out any that would overlap another.
    var labelled = [];
    [0, hi, lo].forEach(function (v) {
      if (labelled.some(function (y0) { return Math.abs(y0 - y(v)) < 14; })) return;
      labelled.push(y(v));
      chart.appendChild(svg('text', { x: L - 4, y: y(v) + 4, 'text-anchor': 'end', 'class': 'chart-label' })).textContent = money(v).replace(/^\+/, '');
    });
    chart.appendChild(svg('text', { x: L, y: H - 4, 'text-anchor': 'start', 'class': 'chart-label' })).textContent = utc(new Date(t0).toISOString());
    chart.appendChild(svg('text', { x: W - R, y: H - 4, 'text-anchor': 'end', 'class': 'chart-label' })).textContent = utc(new Date(t1).toISOString()) + ' UTC';

    var coords = points.map(function (p) { return x(p.t).toFixed(1) + ',' + y(p.v).toFixed(1); });
    if (points.length === 1) coords.push((W - R).toFixed(1) + ',' + y(points[0].v).toFixed(1));
    var last = points[points.length - 1].v;
    chart.appendChild(svg('polyline', { points: coords.join(' '), 'class': 'chart-line ' + (last < 0 ? 'chart-line-neg' : 'chart-line-pos') }));
    var end = points[points.length - 1];
    chart.appendChild(svg('circle', { cx: x(end.t), cy: y(end.v), r: 3, 'class': 'chart-dot' }));
    $('equity-caption').textContent = 'Equity curve of ' + curve.tradingDay + ' (' + points.length + ' points, now ' + money(last) + ')';
  }

  // ---- tables ------------------------------------------------------------------------------------------------------

  // Rows become cards on a phone: each cell carries its column name (CSS shows it with attr()).
  function row(cells, headers) {
    var tr = el('tr');
    cells.forEach(function (cell, i) {
      var td = el('td', cell && cell.cls, cell && typeof cell === 'object' ? cell.text : cell);
      td.setAttribute('data-label', headers[i]);
      tr.appendChild(td);
    });
    return tr;
  }

  function headersOf(tbody) {
    return Array.prototype.map.call(tbody.parentNode.querySelectorAll('thead th'), function (th) { return th.textContent; });
  }

  function fill(bodyId, emptyId, items, toCells, rowClass) {
    var tbody = $(bodyId);
    var headers = headersOf(tbody);
    tbody.replaceChildren();
    items.forEach(function (item) {
      var tr = row(toCells(item), headers);
      var cls = rowClass && rowClass(item);
      if (cls) tr.className = cls;
      tbody.appendChild(tr);
    });
    $(emptyId).hidden = items.length > 0;
  }

  function renderPositions(list) {
    var error = list.length > 0 ? list[0].brokerError : null;
    $('positions-error').hidden = !error;
    $('positions-error').textContent = error ? 'The broker could not be asked (' + error + '): our journal is shown.' : '';
    fill('positions-body', 'positions-empty', list, function (p) {
      return [
        { text: p.symbol, cls: 'strong' },
        p.source === 'broker' ? plain(p.quantity) : '–',
        plain(p.ourQuantity),
        plain(p.averageCost, 2),
        plain(p.mark, 2),
        { text: money(p.unrealizedPnl), cls: signClass(p.unrealizedPnl) },
        p.protectedByStop ? 'yes' : 'NO',
        p.mismatch ? { text: 'MISMATCH', cls: 'flag' } : 'ok'
      ];
    }, function (p) { return p.mismatch ? 'mismatch' : ''; });
  }

  function renderOrders(list) {
    fill('orders-body', 'orders-empty', list, function (o) {
      var price = o.limitPrice !== null && o.limitPrice !== undefined ? 'lmt ' + plain(o.limitPrice, 2) : '';
      if (o.stopPrice !== null && o.stopPrice !== undefined) price += (price ? ' ' : '') + 'stp ' + plain(o.stopPrice, 2);
      return [
        String(o.orderId),
        { text: o.symbol, cls: 'strong' },
        o.side,
        plain(o.filled) + '/' + plain(o.quantity),
        o.type,
        price || 'market',
        o.status,
        o.origin + (o.strategy ? ' (' + o.strategy + ')' : '')
      ];
    });
  }

  function renderTrades(list) {
    fill('trades-body', 'trades-empty', list, function (t) {
      return [
        utc(t.closedAt, true),
        { text: t.symbol, cls: 'strong' },
        t.side,
        plain(t.quantity),
        plain(t.entryPrice, 2),
        plain(t.exitPrice, 2),
        { text: money(t.realizedPnl), cls: signClass(t.realizedPnl) },
        t.strategy
      ];
    }, function (t) { return num(t.realizedPnl) < 0 ? 'loser' : num(t.realizedPnl) > 0 ? 'winner' : ''; });
  }

  function renderAudit(list) {
    fill('audit-body', 'audit-empty', list, function (a) {
      return [utc(a.time, true), a.transport + ':' + a.userId + ' (' + a.role + ')', a.command, a.arguments, a.outcome, a.detail];
    }, function (a) { return a.outcome === 'ok' ? '' : 'audit-' + (a.outcome === 'pending-confirmation' ? 'pending' : 'refused'); });
  }

  function commandButton(label, command, style) {
    var b = el('button', BUTTON_STYLES[style] || '', label);
    b.type = 'button';
    b.setAttribute('data-command', command);
    b.addEventListener('click', function () {
      b.disabled = true;
      runCommand(command).then(function () { b.disabled = false; });
    });
    return b;
  }

  // Commands that only read run at once; anything that acts, or needs a value filled in, goes to the console
  // input first so a person reads it and presses Run.
  var READ_ONLY = /^\/(status|positions|orders|limits|strategies|incidents|summary|help|whoami|pnl( (day|week|month))?|trades( (losers|winners|today|\d{1,3}))?|audit( \d{1,4})?|incident INC-\d+)$/;

  function actionChip(command) {
    var chip = el('button', 'chip', command);
    chip.type = 'button';
    chip.setAttribute('data-command', command);
    chip.addEventListener('click', function () {
      if (READ_ONLY.test(command)) {
        runCommand(command);
        return;
      }
      var input = $('console-input');
      input.value = command;
      input.focus();
      var hole = command.indexOf('<');
      if (hole >= 0) input.setSelectionRange(hole, command.indexOf('>', hole) + 1 || command.length);
      input.scrollIntoView({ block: 'center' });
    });
    return chip;
  }

  function renderIncidents(list, details) {
    var box = $('incidents-list');
    box.replaceChildren();
    var open = list.filter(function (i) { return i.status !== 'Resolved'; });
    open.forEach(function (i) {
      var d = details[i.id];
      var card = el('article', 'incident incident-' + (i.severity === 'SEV1' ? 'sev1' : i.severity === 'SEV2' ? 'sev2' : 'sev3'));
      card.setAttribute('data-incident', String(i.id));
      var h = el('h3');
      h.appendChild(el('span', 'badge', i.severity));
      h.appendChild(el('span', null, ' ' + i.id + ' · '));
      h.appendChild(el('span', 'incident-title', i.title));
      card.appendChild(h);
      card.appendChild(el('p', 'muted', i.status + ' · ' + i.type + ' · opened ' + utc(i.openedAt, true) + ' UTC' +
        (i.acknowledgedBy ? ' · acknowledged by ' + i.acknowledgedBy : '') + ' · ' + i.alertCount + ' alert(s)'));
      if (d && d.detail) card.appendChild(el('p', 'incident-detail', d.detail));
      card.appendChild(el('p', 'incident-first', 'First action: ' + i.firstAction));
      var step = d && d.nextStep;
      if (step) {
        card.appendChild(el('p', 'incident-next', 'Next step: ' + step.question));
        var choices = el('div', 'choices');
        step.choices.forEach(function (c) {
          var wrap = el('div', 'choice');
          wrap.appendChild(commandButton(c.label, c.choose, 'primary'));
          wrap.appendChild(el('span', 'muted', ' ' + c.action + ' '));
          if (c.command) wrap.appendChild(actionChip(c.command));
          choices.appendChild(wrap);
        });
        card.appendChild(choices);
      } else if (i.nextStep) {
        card.appendChild(el('p', 'incident-next', 'Next step: ' + i.nextStep));
      }
      var actions = el('div', 'incident-actions');
      if (i.status === 'Open') actions.appendChild(commandButton('Acknowledge', '/ack ' + i.id, 'secondary'));
      actions.appendChild(commandButton('Details', '/incident ' + i.id, 'secondary'));
      card.appendChild(actions);
      box.appendChild(card);
    });
    $('incidents-empty').hidden = open.length > 0;
  }

  // ---- command console -------------------------------------------------------------------------------------------

  // The entry appears when the command is sent (in the order they were typed) and is filled in by its reply.
  function pendingEntry(command) {
    var log = $('console-log');
    var entry = el('div', 'reply pending');
    entry.appendChild(el('div', 'reply-command', '> ' + command));
    entry.appendChild(el('p', 'reply-line muted', 'running…'));
    log.appendChild(entry);
    while (log.childElementCount > 30) log.removeChild(log.firstChild);
    entry.scrollIntoView({ block: 'nearest' });
    return entry;
  }

  function renderReply(entry, command, reply) {
    entry.replaceChildren();
    entry.className = 'reply ' + (SEVERITIES[reply.severity] || 'sev-info');
    entry.appendChild(el('div', 'reply-command', '> ' + command));
    entry.appendChild(el('h3', 'reply-title', reply.title));
    (reply.lines || []).forEach(function (line) { entry.appendChild(el('p', 'reply-line', line)); });
    (reply.tables || []).forEach(function (t) {
      var wrap = el('div', 'reply-table');
      if (t.caption) wrap.appendChild(el('p', 'reply-caption', t.caption));
      var table = el('table', 'grid');
      var thead = el('thead'), tr = el('tr');
      t.headers.forEach(function (h) { tr.appendChild(el('th', null, h)); });
      thead.appendChild(tr);
      table.appendChild(thead);
      var tbody = el('tbody');
      t.rows.forEach(function (cells) { tbody.appendChild(row(cells, t.headers)); });
      table.appendChild(tbody);
      wrap.appendChild(table);
      if (t.rows.length === 0) wrap.appendChild(el('p', 'empty', '(none)'));
      entry.appendChild(wrap);
    });
    var buttons = (reply.buttons || []).slice();
    if (reply.confirmationId && buttons.length === 0)
      buttons.push({ label: 'Confirm', command: '/confirm ' + reply.confirmationId, style: 'danger' });
    if (buttons.length > 0) {
      var bar = el('div', 'reply-buttons');
      buttons.forEach(function (b) {
        var button = commandButton(b.label, b.command, b.style);
        // A confirmation is used once: pressing any of its buttons disables them all.
        button.addEventListener('click', function () {
          Array.prototype.forEach.call(bar.querySelectorAll('button'), function (x) { x.disabled = true; });
        });
        bar.appendChild(button);
      });
      entry.appendChild(bar);
    }
    entry.scrollIntoView({ block: 'nearest' });
  }

  function runCommand(text) {
    var entry = pendingEntry(text);
    return api('/api/commands', { method: 'POST', body: { text: text }, allowError: true }).then(function (r) {
      if (r.status === 200 && r.body) renderReply(entry, text, r.body);
      else renderReply(entry, text, { title: 'Refused', severity: 'warning', lines: [r.body && r.body.error ? r.body.error + (r.body.detail ? ': ' + r.body.detail : '') : 'HTTP ' + r.status] });
      scheduleRefresh(true);
    }).catch(function (e) {
      if (!(e instanceof Unauthorized)) renderReply(entry, text, { title: 'Not sent', severity: 'danger', lines: [String(e.message || e)] });
    });
  }

  // ---- loading ---------------------------------------------------------------------------------------------------

  function refreshAll() {
    if (!signedIn) return Promise.resolve();
    if (refreshing) { refreshAgain = true; return Promise.resolve(); }
    refreshing = true;
    lastRefresh = Date.now();
    var filter = tradeFilter;
    var trades = '/api/trades' + (filter ? '?filter=' + encodeURIComponent(filter) : '');
    return Promise.all([
      api('/api/overview').then(function (r) { renderOverview(r.body); }),
      api('/api/equity').then(function (r) { renderEquity(r.body); }),
      api('/api/positions').then(function (r) { renderPositions(r.body); }),
      api('/api/orders').then(function (r) { renderOrders(r.body); }),
      api(trades).then(function (r) { $('trades').setAttribute('data-filter', filter); renderTrades(r.body); }),
      api('/api/incidents').then(function (r) {
        var open = r.body.filter(function (i) { return i.status !== 'Resolved'; }).slice(0, 10);
        return Promise.all(open.map(function (i) {
          return api('/api/incidents/' + encodeURIComponent(i.id), { allowError: true }).then(function (d) { return d.status === 200 ? d.body : null; });
        })).then(function (ds) {
          var byId = {};
          ds.forEach(function (d) { if (d) byId[d.id] = d; });
          renderIncidents(r.body, byId);
        });
      }),
      api('/api/audit?limit=50').then(function (r) { renderAudit(r.body); })
    ]).then(function () {
      document.body.setAttribute('data-loaded', 'true');
    }).catch(function (e) {
      if (!(e instanceof Unauthorized)) setLive('error', 'pill-danger', String(e.message || e));
    }).then(function () {
      refreshing = false;
      if (refreshAgain) { refreshAgain = false; scheduleRefresh(false); }
    });
  }

  function scheduleRefresh(soon) {
    if (refreshTimer) return;
    var wait = soon ? 0 : Math.max(0, REFRESH_MIN_MS - (Date.now() - lastRefresh));
    refreshTimer = setTimeout(function () { refreshTimer = null; refreshAll(); }, wait);
  }

  function setLive(text, cls, title) {
    var live = $('live');
    live.textContent = text;
    live.className = 'pill ' + cls;
    live.title = title || 'Live updates';
  }

  // ---- live updates: Server-Sent Events read with fetch, so the token stays in a header and never in a URL -----------

  function stopStream() {
    if (stream) { stream.abort(); stream = null; }
  }

  function startStream(attempt) {
    stopStream();
    if (!signedIn) return;
    var controller = new AbortController();
    stream = controller;
    fetch('/api/events', {
      headers: { 'Accept': 'text/event-stream', 'Authorization': 'Bearer ' + token },
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: controller.signal
    }).then(function (response) {
      if (response.status === 401) { showSignIn('The token was not accepted. Sign in again with the current dashboard token.'); return null; }
      if (!response.ok || !response.body) throw new Error('live updates: HTTP ' + response.status);
      setLive('live', 'pill-ok');
      lastEventAt = Date.now();
      attempt = 0;
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = '';
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) return null;
          buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, '\n');
          var at;
          while ((at = buffer.indexOf('\n\n')) >= 0) {
            onEvent(buffer.slice(0, at));
            buffer = buffer.slice(at + 2);
          }
          return pump();
        });
      }
      return pump();
    }).catch(function () { /* reconnect below */ }).then(function () {
      if (stream !== controller || !signedIn) return;
      var delay = Math.min(10000, 1000 * Math.pow(2, attempt || 0));
      setLive('reconnecting', 'pill-warn', 'Live updates lost; retrying');
      setTimeout(function () { if (stream === controller) startStream((attempt || 0) + 1); }, delay);
    });
  }

  function onEvent(block) {
    lastEventAt = Date.now();
    var type = 'message', data = [];
    block.split('\n').forEach(function (line) {
      if (line.indexOf('event:') === 0) type = line.slice(6).trim();
      else if (line.indexOf('data:') === 0) data.push(line.slice(5).replace(/^ /, ''));
    });
    if (type === 'ping') { scheduleRefresh(false); return; }
    if (type !== 'overview' || data.length === 0) return;
    try {
      renderOverview(JSON.parse(data.join('\n')));
    } catch (e) {
      return;
    }
    scheduleRefresh(false);
  }

  // ---- start -------------------------------------------------------------------------------------------------------

  function signIn(candidate) {
    token = candidate;
    return api('/api/overview').then(function (r) {
      sessionStorage.setItem(TOKEN_KEY, candidate);
      signedIn = true;
      showApp();
      renderOverview(r.body);
      refreshAll();
      startStream(0);
    }).catch(function (e) {
      if (!(e instanceof Unauthorized)) showSignIn('The dashboard cannot load: ' + String(e.message || e) + '. Reload to try again.', true);
    });
  }

  function wire() {
    // The server pings every 15 s: a stream silent for much longer is dead even if the socket looks open.
    setInterval(function () {
      if (signedIn && stream && lastEventAt && Date.now() - lastEventAt > STREAM_SILENT_MS) {
        lastEventAt = 0;
        startStream(0);
      }
    }, 5000);
    var resizeTimer = null;
    window.addEventListener('resize', function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(function () { if (lastCurve && signedIn) renderEquity(lastCurve); }, 150);
    });
    $('signin-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var value = $('signin-token').value.trim();
      if (value) signIn(value);
    });
    $('signout').addEventListener('click', function () { showSignIn('Signed out.'); });

    $('halt-open').addEventListener('click', function () {
      $('halt-open').hidden = true;
      $('halt-form').hidden = false;
      $('halt-reason').focus();
    });
    $('halt-cancel').addEventListener('click', function () {
      $('halt-form').hidden = true;
      $('halt-open').hidden = false;
      $('halt-reason').value = '';
    });
    $('halt-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var reason = $('halt-reason').value.replace(/\s+/g, ' ').trim();
      if (!reason) { $('halt-reason').focus(); return; }
      $('halt-confirm').disabled = true;
      runCommand('/halt ' + reason).then(function () {
        $('halt-confirm').disabled = false;
        $('halt-form').hidden = true;
        $('halt-open').hidden = false;
        $('halt-reason').value = '';
      });
    });

    Array.prototype.forEach.call($('trade-filter').querySelectorAll('button'), function (b) {
      b.addEventListener('click', function () {
        tradeFilter = b.getAttribute('data-filter') || '';
        Array.prototype.forEach.call($('trade-filter').querySelectorAll('button'), function (x) {
          x.setAttribute('aria-pressed', x === b ? 'true' : 'false');
        });
        scheduleRefresh(true);
      });
    });

    $('console-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var text = $('console-input').value.trim();
      if (!text) return;
      if (text.charAt(0) !== '/') text = '/' + text;
      $('console-input').value = '';
      runCommand(text);
    });
  }

  function start() {
    wire();
    takeTokenFromAddress();
    var saved = sessionStorage.getItem(TOKEN_KEY);
    if (saved) signIn(saved);
    else showSignIn('');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
