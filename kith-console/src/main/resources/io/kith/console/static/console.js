// Kith console: progressive enhancement only. Every page works without this file; with it, the segment builder checks
// the condition as it is typed and marks each problem at its column. No inline script (the CSP forbids it).
(function () {
  'use strict';
  var area = document.querySelector('textarea[data-validate]');
  if (!area) { return; }
  var form = area.form;
  var out = document.getElementById('diagnostics');
  var mirror = document.getElementById('mirror');
  var csrf = form.querySelector('input[name=_csrf]').value;
  var timer = null;
  var seq = 0;

  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }

  function show(result) {
    clear(out);
    clear(mirror);
    mirror.hidden = true;
    if (result.ok) {
      var ok = document.createElement('p');
      ok.className = 'valid';
      ok.textContent = 'Valid: ' + result.reads;
      out.appendChild(ok);
      area.removeAttribute('aria-invalid');
      return;
    }
    area.setAttribute('aria-invalid', 'true');
    var lines = area.value.split('\n');
    var list = document.createElement('ul');
    list.className = 'problems';
    result.diagnostics.forEach(function (d) {
      var li = document.createElement('li');
      li.textContent = 'Line ' + d.line + ', column ' + d.column + ': ' + d.message + (d.suggestion ? ' — did you mean “' + d.suggestion + '”?' : '');
      li.dataset.line = d.line;
      li.dataset.column = d.column;
      list.appendChild(li);
    });
    out.appendChild(list);
    // The first problem's line again, with the columns it spans marked, under the text area.
    var d = result.diagnostics[0];
    var line = lines[d.line - 1] || '';
    var from = Math.min(Math.max(0, d.column - 1), line.length);
    var to = Math.min(line.length, from + Math.max(1, d.length));
    mirror.appendChild(document.createTextNode(line.substring(0, from)));
    var mark = document.createElement('mark');
    mark.className = 'error-mark';
    mark.textContent = from === to ? ' ' : line.substring(from, to);
    mirror.appendChild(mark);
    mirror.appendChild(document.createTextNode(line.substring(to)));
    mirror.hidden = false;
  }

  function check() {
    var mine = ++seq;
    var body = new URLSearchParams();
    body.set('condition', area.value);
    fetch(area.dataset.validate, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': csrf, 'X-Requested-With': 'fetch' },
      body: body.toString()
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (result) {
      if (result && mine === seq) { show(result); }
    }).catch(function () { /* the form's own check still works */ });
  }

  area.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  });
  if (area.value.trim()) { check(); }
}());
